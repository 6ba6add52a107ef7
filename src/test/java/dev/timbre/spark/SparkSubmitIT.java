package dev.timbre.spark;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.testing.SharedData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar ({@code target/timbre-spark.jar}) under {@code spark-submit}, as a Spark installation runs it: a
 * Spark home whose {@code jars/} holds Spark's own dependencies and nothing of timbre's, Spark's launcher building
 * the driver's command (its JVM options and class path) exactly as {@code bin/spark-submit} has it do, and the jar
 * given as it is. Spark's libraries are resolved by Maven, from the same version the build compiles against.
 */
class SparkSubmitIT {

    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    static Path dir;

    private static Path sparkHome;
    private static Path jobJar;

    @BeforeAll
    static void sparkHome() throws Exception {
        jobJar = Path.of(System.getProperty("timbre.spark.jar"));
        assertThat(jobJar).as("the job jar; ./mvnw package builds it").exists();
        String scala = System.getProperty("scala.binary.version");
        Path classpath = dir.resolve("spark-classpath.txt");
        List<String> mvn = new ArrayList<>(List.of(Path.of("mvnw").toAbsolutePath().toString(), "-B", "-q",
                "-f", Path.of("bench/spark/distribution-pom.xml").toAbsolutePath().toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dspark.version=" + System.getProperty("spark.version"), "-Dscala.binary.version=" + scala,
                "-Dmdep.outputFile=" + classpath));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        Run resolve = run(mvn, List.of());
        assertThat(resolve.code).as("resolving Spark's libraries: %s", resolve.output()).isZero();

        sparkHome = dir.resolve("spark-home");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (String jar : Files.readString(classpath).strip().split(java.io.File.pathSeparator)) {
            Path j = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(j.getFileName()), j);
        }
        try (Stream<Path> s = Files.list(jars)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("spark-core_"));
            assertThat(names).noneMatch(n -> n.startsWith("pytorch") || n.startsWith("api-0") || n.startsWith("picocli"));
        }
    }

    @Test
    void theJobJarCarriesTimbreWithItsJacksonRelocated() throws IOException {
        try (JarFile jar = new JarFile(jobJar.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(TagAudio.class.getName());
            assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path")).isNull();
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("dev/timbre/shaded/jackson/databind/ObjectMapper.class",
                    "dev/timbre/spark/TagAudio.class", "dev/timbre/default-model/weights.params");
            assertThat(names).noneMatch(n -> n.contains("com/fasterxml/jackson/") || n.contains("com/google/gson/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("org/slf4j/"));
            assertThat(names).anyMatch(n -> n.startsWith("native/lib/") || n.startsWith("jnilib/"));
        }
    }

    @Test
    void sparkSubmitTagsTheFilesWithTheBundledModel() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        float[][] tone = new float[1][3 * 44_100];
        for (int i = 0; i < tone[0].length; i++) {
            tone[0][i] = (float) (0.3 * Math.sin(2 * Math.PI * 330 * i / 44_100.0));
        }
        WavWriter.write16(music.resolve("tone.wav"), new AudioClip(tone, 44_100));
        Files.write(music.resolve("broken.wav"), "RIFF----WAVEjunk".getBytes(StandardCharsets.US_ASCII));
        Path real = SharedData.irmasSample().resolve("IRMAS-TestingData-Part1");
        Path out = dir.resolve("tags");

        Run run = sparkSubmit(List.of("--out", out.toString(), "--timeline", music.toString(), real.toString()));
        assertThat(run.code).as(run.output()).isEqualTo(TagAudioCommand.FILES_FAILED);
        assertThat(run.stdout).contains("3 audio files, 0 of them already in " + out + "; tagged 3 (1 failed)");

        SparkSession spark = SparkSession.builder().master("local[1]").appName("SparkSubmitIT")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
            assertThat(rows).hasSize(3);
            for (Row r : rows) {
                String path = r.getAs("path");
                if (path.endsWith("broken.wav")) {
                    assertThat(r.<String>getAs("error")).contains("broken.wav");
                } else {
                    assertThat(r.<String>getAs("error")).as(path).isNull();
                    assertThat(r.getJavaMap(r.fieldIndex("scores"))).hasSize(11);
                    assertThat(r.getList(r.fieldIndex("timeline"))).isNotEmpty();
                }
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void underSparkSubmitABadRequestIsOneLineWithoutATrace() throws Exception {
        Path missing = dir.resolve("no-such-folder");
        Run noInput = sparkSubmit(List.of("--out", dir.resolve("o").toString(), missing.toString()));
        assertThat(noInput.code).as(noInput.output()).isEqualTo(TagAudioCommand.USER_ERROR);
        assertThat(ownLines(noInput.stderr)).containsExactly("TagAudio: " + missing + ": no such file or directory");
    }

    /**
     * stderr less what Spark and the JVM print on every start and exit: Spark's log lines ({@code 26/12/03 09:21:19
     * INFO ...}), the notice of Spark's default logging set-up and the JVM's notice of the Vector API module.
     */
    private static List<String> ownLines(String stderr) {
        return stderr.lines()
                .filter(l -> !l.matches("\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d [A-Z]+ .*"))
                .filter(l -> !l.startsWith("Using Spark's default log4j profile"))
                .filter(l -> !l.equals("WARNING: Using incubator modules: jdk.incubator.vector"))
                .toList();
    }

    /** bin/spark-submit: Spark's launcher prints the driver's command, which then runs. */
    private static Run sparkSubmit(List<String> jobArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> launcher = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", sparkHome.resolve("jars") + "/*",
                "org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.sql.warehouse.dir=" + dir.resolve("warehouse"),
                jobJar.toString()));
        launcher.addAll(jobArgs);
        List<String> env = List.of("SPARK_HOME=" + sparkHome, "SPARK_SCALA_VERSION="
                + System.getProperty("scala.binary.version"), "JAVA_HOME=" + System.getProperty("java.home"));
        Run built = run(launcher, env);
        assertThat(built.code).as("Spark's launcher: %s", built.output()).isZero();
        int start = built.stdout.indexOf("\0\n");
        assertThat(start).as("launcher output: %s", built.stdout).isGreaterThanOrEqualTo(0);
        List<String> command = Arrays.stream(built.stdout.substring(start + 2).split("\0"))
                .filter(s -> !s.isEmpty()).toList();
        return run(command, env);
    }

    private record Run(int code, String stdout, String stderr) {
        String output() {
            return "exit " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static Run run(List<String> command, List<String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command + "\n"
                    + Files.readString(stderr));
        }
        return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
