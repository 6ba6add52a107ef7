package dev.timbre.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C library settings {@code ./timbre} gives the JVM: one heap arena always, huge pages for runs that recompute
 * activations, and whatever the caller set left standing. Runs the real launcher with a stand-in {@code java} that
 * prints its environment.
 */
class LauncherEnvironmentTest {

    @TempDir
    Path root;

    @BeforeEach
    void launcherWithAStandInJava() throws IOException {
        Files.copy(Path.of("timbre"), root.resolve("timbre"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(root.resolve("target/lib"));
        Files.writeString(root.resolve("target/timbre.jar"), "not built here");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\n"
                + "echo \"arena=${MALLOC_ARENA_MAX-unset} tunables=${GLIBC_TUNABLES-unset}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("timbre").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().remove("GLIBC_TUNABLES");
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void everyRunGetsOneArenaAndOnlyRecomputingRunsGetHugePages() throws Exception {
        assertThat(run(Map.of(), "predict", "x.wav")).isEqualTo("arena=1 tunables=unset");
        assertThat(run(Map.of(), "train", "--data", "d", "--recompute", "--out", "o"))
                .isEqualTo("arena=1 tunables=glibc.malloc.hugetlb=1");
        assertThat(run(Map.of(), "bench", "train", "--model", "coatnet", "--recompute"))
                .isEqualTo("arena=1 tunables=glibc.malloc.hugetlb=1");
    }

    @Test
    void whatTheCallerSetStands() throws Exception {
        assertThat(run(Map.of("MALLOC_ARENA_MAX", "4"), "predict", "x.wav")).isEqualTo("arena=4 tunables=unset");
        assertThat(run(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0"), "train", "--recompute"))
                .isEqualTo("arena=1 tunables=glibc.malloc.hugetlb=0");
        assertThat(run(Map.of("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0"), "train", "--recompute"))
                .isEqualTo("arena=1 tunables=glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=1");
    }
}
