package dev.timbre.dataset.download;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one run of {@link IrmasDownloader} needs.
 *
 * @param outDir         where the archives are downloaded and unpacked ({@code outDir/IRMAS-TrainingData/...})
 * @param baseUrl        the URL the manifest's paths are resolved against; must end in '/'
 * @param parts          which parts to fetch
 * @param manifest       the archives and their checksums ({@link IrmasManifest#zenodo()} for the real data)
 * @param retry          retries on connection errors and 5xx answers
 * @param connectTimeout limit on opening a connection
 * @param readTimeout    limit on waiting for the response headers, and on a silence in the body
 * @param limits         caps on unpacking
 * @param keepArchives   keep each verified archive after it is unpacked (otherwise it is deleted)
 */
public record DownloadSettings(Path outDir, URI baseUrl, Set<IrmasPart> parts, IrmasManifest manifest,
                               RetryPolicy retry, Duration connectTimeout, Duration readTimeout,
                               ExtractionLimits limits, boolean keepArchives) {

    public DownloadSettings {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(parts, "parts");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(limits, "limits");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no IRMAS part selected");
        }
        parts = Set.copyOf(EnumSet.copyOf(parts));
        String scheme = baseUrl.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("base URL must be http(s): " + baseUrl);
        }
        if (!baseUrl.getPath().endsWith("/")) {
            throw new IllegalArgumentException("base URL must end in '/': " + baseUrl);
        }
    }

    /** Both parts of the real data set from Zenodo, with the default retries, timeouts and caps. */
    public static DownloadSettings zenodo(Path outDir) {
        return new DownloadSettings(outDir, URI.create(IrmasManifest.ZENODO_BASE_URL),
                EnumSet.allOf(IrmasPart.class), IrmasManifest.zenodo(), RetryPolicy.defaults(),
                Duration.ofSeconds(30), Duration.ofSeconds(60), ExtractionLimits.irmas(), false);
    }

    public DownloadSettings withBaseUrl(URI url) {
        return new DownloadSettings(outDir, url, parts, manifest, retry, connectTimeout, readTimeout, limits,
                keepArchives);
    }

    public DownloadSettings withParts(Set<IrmasPart> p) {
        return new DownloadSettings(outDir, baseUrl, p, manifest, retry, connectTimeout, readTimeout, limits,
                keepArchives);
    }

    public DownloadSettings withManifest(IrmasManifest m) {
        return new DownloadSettings(outDir, baseUrl, parts, m, retry, connectTimeout, readTimeout, limits,
                keepArchives);
    }

    public DownloadSettings withRetry(RetryPolicy r) {
        return new DownloadSettings(outDir, baseUrl, parts, manifest, r, connectTimeout, readTimeout, limits,
                keepArchives);
    }

    public DownloadSettings withTimeouts(Duration connect, Duration read) {
        return new DownloadSettings(outDir, baseUrl, parts, manifest, retry, connect, read, limits,
                keepArchives);
    }

    public DownloadSettings withLimits(ExtractionLimits l) {
        return new DownloadSettings(outDir, baseUrl, parts, manifest, retry, connectTimeout, readTimeout, l,
                keepArchives);
    }

    public DownloadSettings withKeepArchives(boolean keep) {
        return new DownloadSettings(outDir, baseUrl, parts, manifest, retry, connectTimeout, readTimeout, limits,
                keep);
    }

    /** The URL one archive is fetched from. */
    public URI urlOf(IrmasArchive archive) {
        return baseUrl.resolve(archive.urlPath());
    }
}
