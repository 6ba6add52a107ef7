package dev.timbre.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one shape of every error the service sends: {@code {"error": "...", "status": N}}. As a Jetty
 * {@link ErrorHandler} it also covers what Jetty answers before a request reaches the routes (a malformed request
 * line, headers too large), which would otherwise be an HTML page, with stack traces when Jetty has one.
 */
final class JsonErrors extends ErrorHandler {

    static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonErrors() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /**
     * A Java class name under the roots libraries live in, as their messages quote them
     * ({@code org.eclipse.jetty.server.MultiPartParser$IllegalCharacterException:}).
     */
    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|jdk|org|com|io|net|kotlin|ai|dev)\\.(?:[a-z][a-z0-9_]*\\.)+"
                    + "[A-Z][A-Za-z0-9_$]*:?\\s*");

    /**
     * The error body. Whatever the message, no class name reaches the client: they are cut out here, the one place
     * every error body passes, should a library's words ever carry one.
     */
    static Map<String, Object> body(int status, String message) {
        String text = message == null ? HttpStatus.getMessage(status) : CLASS_NAME.matcher(message).replaceAll("").strip();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", text.isEmpty() ? HttpStatus.getMessage(status) : text);
        body.put("status", status);
        return body;
    }

    private static byte[] bytes(int status, String message) {
        try {
            return JSON.writeValueAsBytes(body(status, message == null ? HttpStatus.getMessage(status) : message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of two plain values always serializes", e);
        }
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) return ByteBuffer.allocate(0);
        fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        return ByteBuffer.wrap(bytes(status, reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        byte[] body = bytes(code, message);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
