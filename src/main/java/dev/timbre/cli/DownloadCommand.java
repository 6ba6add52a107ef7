package dev.timbre.cli;

import dev.timbre.dataset.download.DownloadProgress;
import dev.timbre.dataset.download.DownloadReport;
import dev.timbre.dataset.download.DownloadSettings;
import dev.timbre.dataset.download.IrmasDownloader;
import dev.timbre.dataset.download.IrmasManifest;
import dev.timbre.dataset.download.IrmasPart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@code timbre download}: fetches, verifies and unpacks the IRMAS archives from Zenodo (record 1290750). */
@Command(name = "download",
        mixinStandardHelpOptions = true,
        description = {
                "Downloads IRMAS (Zenodo record 1290750), checks each archive's MD5 and unpacks it into DIR.",
                "An interrupted download resumes; a complete DIR is left alone without touching the network."
        })
public final class DownloadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory that receives IRMAS-TrainingData/ and IRMAS-TestingData-Part{1,2,3}/.")
    Path out;

    @Option(names = "--parts", split = ",", paramLabel = "PART", defaultValue = "train,test",
            converter = PartConverter.class,
            description = "Parts to fetch: train, test, or both (default: ${DEFAULT-VALUE}).")
    List<IrmasPart> parts;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = IrmasManifest.ZENODO_BASE_URL,
            description = "Where the archives are served (default: ${DEFAULT-VALUE}).")
    URI baseUrl;

    @Option(names = "--keep-archives",
            description = "Keep each verified .zip after unpacking it (default: delete it).")
    boolean keepArchives;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    private final IrmasManifest manifest;

    /** The real data set's manifest. */
    public DownloadCommand() {
        this(IrmasManifest.zenodo());
    }

    /** A command verifying against another manifest (tests serve synthetic archives). */
    DownloadCommand(IrmasManifest manifest) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    @Override
    public Integer call() throws Exception {
        URI base = baseUrl.getPath().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        DownloadSettings settings = DownloadSettings.zenodo(out)
                .withManifest(manifest)
                .withBaseUrl(base)
                .withParts(EnumSet.copyOf(parts))
                .withKeepArchives(keepArchives);
        PrintWriter stdout = spec.commandLine().getOut();
        DownloadProgress.Factory progress = noProgress
                ? DownloadProgress.Factory.SILENT
                : DownloadBars.on(spec.commandLine().getErr());
        DownloadReport report = new IrmasDownloader(settings, progress).run();
        for (IrmasDownloader.ArchiveResult r : report.results()) {
            switch (r.outcome()) {
                case ALREADY_COMPLETE -> stdout.println(r.directory() + ": already complete");
                case INSTALLED -> stdout.println(r.directory() + ": " + r.archive().fileName()
                        + " verified (md5 " + r.archive().md5() + "), " + r.files() + " files unpacked");
            }
        }
        stdout.flush();
        List<DownloadReport.Failure> failures = report.failures();
        if (failures.isEmpty()) {
            return 0;
        }
        // Every failure but the last on its own line here; the last becomes the command's one-line error.
        PrintWriter stderr = spec.commandLine().getErr();
        for (DownloadReport.Failure f : failures.subList(0, failures.size() - 1)) {
            stderr.println("timbre download: " + f.message());
        }
        stderr.flush();
        throw failures.get(failures.size() - 1).error();
    }

    static final class PartConverter implements CommandLine.ITypeConverter<IrmasPart> {
        @Override
        public IrmasPart convert(String value) {
            try {
                return IrmasPart.fromCode(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
