package dev.timbre.serve;

import java.net.InetSocketAddress;
import java.nio.file.Files;

/** Runs the server on the WAV test double (for the load test and manual checks of the page): args = port. */
public final class TestDoubleServer {
    public static void main(String[] args) throws Exception {
        RecognitionServer server = new RecognitionServer(new WavTestRecognizer(0), ServeLimits.defaults(),
                Files.createTempDirectory("timbre-uploads-"), new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])));
        server.start();
        System.out.println("test-double server on port " + server.port());
        Thread.currentThread().join();
    }
}
