package dev.timbre.model;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NativeWorkTest {

    /** Runs passes of half a second in a loop, saying when each begins and ends, until it is stopped. */
    public static final class Passes {
        public static void main(String[] args) {
            for (int i = 0; ; i++) {
                int pass = i;
                NativeWork.run(() -> {
                    System.out.println("begin " + pass);
                    System.out.flush();
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.out.println("end " + pass);
                    System.out.flush();
                    return null;
                });
            }
        }
    }

    @Test
    void aStoppedProcessFinishesThePassInProgressAndStartsNoOther() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Passes.class.getName())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.equals("begin 2")) {
                    p.toHandle().destroy(); // SIGTERM in the middle of the third pass, the output still open
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).endsWith("begin 2", "end 2");
    }
}
