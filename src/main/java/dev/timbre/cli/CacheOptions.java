package dev.timbre.cli;

import dev.timbre.feature.FeatureCache;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where features are cached. */
public final class CacheOptions {

    @Option(names = "--cache", description = "Feature cache directory (default: $TIMBRE_CACHE or ~/.cache/timbre).")
    Path dir;

    FeatureCache cache() {
        return new FeatureCache((dir == null ? FeatureCache.defaultDir() : dir).resolve("features"));
    }
}
