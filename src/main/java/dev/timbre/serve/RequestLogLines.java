package dev.timbre.serve;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * One line per request, whether a route answered it or Jetty refused it before any route ran (a malformed request
 * line, oversized headers):
 * {@code POST /v1/recognize 200 in=264644 out=2311 ms=231 file="piano-05.wav"} — method, path, status, body bytes
 * received and response bytes sent, milliseconds from the request's arrival, and the upload's name as the client
 * gave it ({@code upload} for a raw body; none for requests without one). The client's text is quoted and its
 * control characters escaped, so a line stays one line.
 */
final class RequestLogLines implements RequestLog {

    private final Consumer<String> sink;

    RequestLogLines(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void log(Request request, Response response) {
        long ms = request.getTimeStamp() > 0 ? Math.max(0, System.currentTimeMillis() - request.getTimeStamp()) : 0;
        int status = response.getCommittedMetaData() != null ? response.getCommittedMetaData().getStatus()
                : response.getStatus();
        StringBuilder line = new StringBuilder();
        line.append(printable(String.valueOf(request.getMethod()))).append(' ')
                .append(printable(String.valueOf(request.getRequestURI()))).append(' ').append(status)
                .append(String.format(Locale.ROOT, " in=%d out=%d ms=%d", request.getContentRead(),
                        response.getHttpChannel().getBytesWritten(), ms));
        Object name = request.getAttribute(UploadReceiver.NAME_ATTRIBUTE);
        if (name != null) {
            line.append(" file=\"").append(printable(name.toString()).replace("\"", "\\\"")).append('"');
        }
        sink.accept(line.toString());
    }

    /** The text with control characters as {@code \\uXXXX}, so that no client can start a line of its own. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
