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
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Streams the audio of one request into a temporary file under the upload limits: either the raw body or the
 * one file of a {@code multipart/form-data} body. At most {@link ServeLimits#maxConcurrentUploads()} bodies are
 * received at once, and each within {@link RequestBody}'s size and rate limits. Nothing stays behind in the upload
 * directory when this fails, and the caller deletes what it returns.
 */
final class UploadReceiver {

    /** The multipart field that carries the audio, as the page and {@code curl -F file=@song.mp3} send it. */
    static final String FILE_FIELD = "file";

    /** Request attribute holding the client's name for the upload, for the request log. */
    static final String NAME_ATTRIBUTE = "timbre.upload";

    /** Room for the multipart boundaries, headers and any small extra fields around an upload of maximum size. */
    static final long MULTIPART_ENVELOPE_BYTES = 64 * 1024;

    private static final int MAX_PARTS = 16;
    private static final int IN_MEMORY_FIELD_BYTES = 64 * 1024;
    private static final Pattern PLAIN_EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    private final Path dir;
    private final ServeLimits limits;
    private final Semaphore slots;

    UploadReceiver(Path dir, ServeLimits limits) {
        this.dir = dir;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConcurrentUploads());
    }

    AudioUpload receive(Context ctx) throws HttpError, IOException {
        if (!slots.tryAcquire()) {
            throw new HttpError(503, "too many uploads in progress; try again later");
        }
        try {
            String contentType = ctx.req().getContentType();
            boolean multipart = contentType != null
                    && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
            long bodyLimit = multipart ? limits.maxUploadBytes() + MULTIPART_ENVELOPE_BYTES : limits.maxUploadBytes();
            // A declared length says it all before a byte is stored; a chunked body is caught while streaming.
            if (ctx.req().getContentLengthLong() > bodyLimit) {
                throw tooLarge();
            }
            RequestBody body = new RequestBody(ctx.req().getInputStream(), bodyLimit,
                    limits.minUploadBytesPerSecond(), limits.readTimeout().toNanos());
            return multipart ? receiveMultipart(ctx, body, contentType) : receiveRaw(ctx, body);
        } finally {
            slots.release();
        }
    }

    private AudioUpload receiveRaw(Context ctx, RequestBody body) throws HttpError, IOException {
        ctx.attribute(NAME_ATTRIBUTE, "upload");
        AudioUpload upload = new AudioUpload(Files.createTempFile(dir, "upload-", ".audio"), "upload");
        try {
            Files.copy(body, upload.file(), StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(upload.file()) == 0) {
                throw new HttpError(400, "empty upload");
            }
            return upload;
        } catch (RequestBody.FailedException e) {
            upload.close();
            throw new HttpError(e.failure.status, e.getMessage());
        } catch (HttpError | IOException | RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    /**
     * Jetty's own multipart parser, fed through the body's limits and writing into the upload directory; its
     * temporary files are deleted here on every path rather than when Jetty completes the request, which
     * may be after the client has its answer. A body with more than one file is refused: the answer is for one
     * recording.
     */
    private AudioUpload receiveMultipart(Context ctx, RequestBody body, String contentType)
            throws HttpError, IOException {
        MultipartConfigElement config = new MultipartConfigElement(dir.toString(), -1, -1, IN_MEMORY_FIELD_BYTES);
        MultiPartFormInputStream parts = new MultiPartFormInputStream(body, contentType, config, dir.toFile(), MAX_PARTS);
        parts.setWriteFilesWithFilenames(true);
        try {
            Part part = fileField(parts, body);
            String name = clientName(part.getSubmittedFileName());
            ctx.attribute(NAME_ATTRIBUTE, name);
            if (part.getSize() > limits.maxUploadBytes()) {
                throw tooLarge();
            }
            if (part.getSize() == 0) {
                throw new HttpError(400, "empty upload");
            }
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

    private Part fileField(MultiPartFormInputStream parts, RequestBody body) throws HttpError {
        Collection<Part> all;
        try {
            all = parts.getParts();
        } catch (IOException | RuntimeException e) {
            if (body.failure() != null) {
                throw new HttpError(body.failure().status, body.failureMessage());
            }
            // The parser's words name its own classes; the client learns what is wrong, not where.
            throw new HttpError(400, "malformed multipart body");
        }
        long files = all.stream().filter(p -> FILE_FIELD.equals(p.getName()) || p.getSubmittedFileName() != null)
                .count();
        if (files > 1) {
            throw new HttpError(400, "multipart body holds " + files + " files; send one file per request (field \""
                    + FILE_FIELD + "\")");
        }
        return all.stream().filter(p -> FILE_FIELD.equals(p.getName())).findFirst()
                .orElseThrow(() -> new HttpError(400, "multipart body has no field named \"" + FILE_FIELD + "\""));
    }

    private HttpError tooLarge() {
        return new HttpError(413, "upload larger than " + limits.maxUploadBytes() + " bytes");
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
     * connection, as the JDK's HttpClient showed in CI), so a body refused as too large is read and dropped before
     * answering: all of it up to 16 MiB or one upload's worth, whichever is larger, at the minimum rate and for
     * no longer than the read timeout, which bounds the work a hostile client can cause. A client that asked to
     * continue first has sent nothing and needs no draining.
     */
    void discardRest(Context ctx) {
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) return;
        byte[] sink = new byte[64 * 1024];
        long left = Math.max(limits.maxUploadBytes(), 16L << 20);
        long deadline = System.nanoTime() + limits.readTimeout().toNanos();
        try {
            InputStream in = new RequestBody(ctx.req().getInputStream(), left, limits.minUploadBytesPerSecond(),
                    limits.readTimeout().toNanos());
            while (System.nanoTime() < deadline && in.read(sink) > 0) {
                // dropped
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone, too slow, or the body was already consumed; the answer is sent either way.
        }
    }
}
