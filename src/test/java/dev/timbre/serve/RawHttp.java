package dev.timbre.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: a body shorter than its
 * Content-Length, malformed chunks, bodies trickled byte by byte, connections left open.
 */
final class RawHttp implements AutoCloseable {

    /** A response as it came off the wire. */
    record Response(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Ends the client's side of the connection: no more bytes will come. */
    RawHttp endInput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /**
     * Sends {@code bytes} in pieces of {@code piece} bytes with {@code pauseMillis} between them, and stops as soon
     * as the server has started to answer (or has closed the connection).
     */
    RawHttp trickle(byte[] bytes, int piece, long pauseMillis) throws IOException, InterruptedException {
        for (int i = 0; i < bytes.length; i += piece) {
            if (in.available() > 0) {
                return this;
            }
            try {
                out.write(bytes, i, Math.min(piece, bytes.length - i));
                out.flush();
            } catch (IOException e) {
                return this; // the server closed the connection after answering
            }
            Thread.sleep(pauseMillis);
        }
        return this;
    }

    /** Reads one response: the status line, headers and a body of its Content-Length (or up to the close). */
    Response response() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a whole response: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headers.substring(9, 12));
        Response partial = new Response(status, headers, "");
        String length = partial.header("Content-Length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                in.transferTo(rest);
            } catch (SocketTimeoutException e) {
                // whatever came
            }
            body = rest.toByteArray();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** A raw POST to /v1/recognize with these extra header lines and body. */
    static byte[] post(String headers, byte[] body) {
        String lower = headers.toLowerCase(Locale.ROOT);
        boolean framed = lower.contains("content-length") || lower.contains("transfer-encoding");
        return concat(ascii("POST /v1/recognize HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                + (framed ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n"), body);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
