package dev.timbre.serve;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.server.MultiPartFormInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Streams the audio of one request into a temporary file under the upload limit: either the raw body or the
 * {@code file} field of a {@code multipart/form-data} body. Nothing stays behind in the upload directory when
 * this fails, and the caller deletes what it returns.
 */
final class UploadReceiver {

    /** The multipart field that carries the audio, as the page and {@code curl -F file=@song.mp3} send it. */
    static final String FILE_FIELD = "file";

    /** Room for the multipart boundaries, headers and any small extra fields around an upload of maximum size. */
    static final long MULTIPART_ENVELOPE_BYTES = 64 * 1024;

    private static final int MAX_PARTS = 16;
    private static final int IN_MEMORY_FIELD_BYTES = 64 * 1024;
    private static final Pattern PLAIN_EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    private final Path dir;
    private final long maxBytes;

    UploadReceiver(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    AudioUpload receive(Context ctx) throws HttpError, IOException {
        String contentType = ctx.req().getContentType();
        boolean multipart = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
        long bodyLimit = multipart ? maxBytes + MULTIPART_ENVELOPE_BYTES : maxBytes;
        // A declared length says it all before a byte is stored; a chunked body is caught while streaming.
        if (ctx.req().getContentLengthLong() > bodyLimit) throw tooLarge();
        SizeLimitedInputStream body = new SizeLimitedInputStream(ctx.req().getInputStream(), bodyLimit);
        return multipart ? receiveMultipart(body, contentType) : receiveRaw(body);
    }

    private AudioUpload receiveRaw(SizeLimitedInputStream body) throws HttpError, IOException {
        AudioUpload upload = new AudioUpload(Files.createTempFile(dir, "upload-", ".audio"), "upload");
        try {
            Files.copy(body, upload.file(), StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(upload.file()) == 0) throw new HttpError(400, "empty upload");
            return upload;
        } catch (SizeLimitedInputStream.LimitExceededException e) {
            upload.close();
            throw tooLarge();
        } catch (HttpError | IOException | RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    /**
     * Jetty's own multipart parser, fed through the size limit and writing into the upload directory; its
     * temporary files are deleted here on every path rather than when Jetty completes the request, which
     * may be after the client has its answer.
     */
    private AudioUpload receiveMultipart(SizeLimitedInputStream body, String contentType) throws HttpError, IOException {
        MultipartConfigElement config = new MultipartConfigElement(dir.toString(), -1, -1, IN_MEMORY_FIELD_BYTES);
        MultiPartFormInputStream parts = new MultiPartFormInputStream(body, contentType, config, dir.toFile(), MAX_PARTS);
        parts.setWriteFilesWithFilenames(true);
        try {
            Part part = fileField(parts, body);
            if (part.getSize() > maxBytes) throw tooLarge();
            if (part.getSize() == 0) throw new HttpError(400, "empty upload");
            String name = clientName(part.getSubmittedFileName());
            // Keeping the client's extension lets the decoder use it as a hint (MP3 with leading junk, ffmpeg).
            Path file = dir.resolve("upload-" + UUID.randomUUID() + "." + extension(name));
            try {
                part.write(file.toString());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new AudioUpload(file, name);
        } finally {
            parts.deleteParts();
        }
    }

    private Part fileField(MultiPartFormInputStream parts, SizeLimitedInputStream body) throws HttpError {
        Part part;
        try {
            part = parts.getPart(FILE_FIELD);
        } catch (IOException | IllegalStateException e) {
            if (body.exceeded()) throw tooLarge();
            throw new HttpError(400, "malformed multipart body: " + e.getMessage());
        }
        if (part == null) throw new HttpError(400, "multipart body has no field named \"" + FILE_FIELD + "\"");
        return part;
    }

    private HttpError tooLarge() {
        return new HttpError(413, "upload larger than " + maxBytes + " bytes");
    }

    /** The last path segment of what the client sent (some browsers send a whole Windows path), printable only. */
    static String clientName(String submitted) {
        if (submitted == null) return "upload";
        String name = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > 200) name = name.substring(name.length() - 200);
        return name.isEmpty() ? "upload" : name;
    }

    /** The client's extension when it is a plain one ("mp3", "flac"), otherwise a neutral "audio". */
    static String extension(String clientName) {
        int dot = clientName.lastIndexOf('.');
        String ext = dot < 0 ? "" : clientName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return PLAIN_EXTENSION.matcher(ext).matches() ? ext : "audio";
    }

    /**
     * A client that is still sending when the answer comes may never read it (the unread bytes reset the
     * connection, as the JDK's HttpClient showed in CI), so a rejected body is read and dropped before answering:
     * all of it up to 16 MiB or one upload's worth, whichever is larger, which bounds the work a hostile client
     * can cause. A client that asked to continue first has sent nothing and needs no draining.
     */
    void discardRest(Context ctx) {
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) return;
        byte[] sink = new byte[64 * 1024];
        long left = Math.max(maxBytes, 16L << 20);
        try {
            InputStream in = ctx.req().getInputStream();
            for (int n; left > 0 && (n = in.read(sink)) > 0; ) left -= n;
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the body was already consumed; the answer is sent either way.
        }
    }
}
