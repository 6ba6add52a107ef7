package dev.timbre.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code timbre bench serve}: a bounded loopback load test of a running {@code timbre serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Posts one audio file to a running server from N clients; prints requests/s, p50/p99 latency, failures.")
public final class BenchServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AUDIO", description = "File to post on every request.")
    Path audio;

    @Option(names = "--port", defaultValue = "8080", description = "Port of the server on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--requests", defaultValue = "200", description = "Total requests (default: ${DEFAULT-VALUE}).")
    int requests;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || requests < 1) throw new IllegalArgumentException("--clients and --requests must be positive");
        if (!Files.isRegularFile(audio)) {
            throw new java.io.IOException((audio.toString().isEmpty() ? "''" : audio.toString())
                    + ": not an audio file (give one file to post)");
        }
        byte[] body = Files.readAllBytes(audio);
        // Loopback only: the load test must never be pointed at someone else's machine.
        URI target = URI.create("http://127.0.0.1:" + port + "/v1/recognize");
        HttpClient client = HttpClient.newHttpClient();
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(target)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) failed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        spec.commandLine().getOut().printf("%d requests, %d clients, %.1f s: %.1f requests/s, p50 %.1f ms, p99 %.1f ms, %d failed%n",
                requests, clients, seconds, requests / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99), failed.get());
        return failed.get() == 0 ? 0 : 1;
    }

    private static double percentile(long[] sortedNanos, double p) {
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
