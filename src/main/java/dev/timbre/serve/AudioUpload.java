package dev.timbre.serve;

import dev.timbre.audio.AudioFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One request's audio, received into a temporary file that {@link #close()} deletes.
 *
 * @param file       the server's temporary copy; its name must never reach the client
 * @param clientName what the client called the file (its multipart file name), or "upload" for a raw body
 */
record AudioUpload(Path file, String clientName) implements AutoCloseable {

    /** The decoder's complaint as the client should read it (the exception's own message starts with our path). */
    String describe(AudioFormatException e) {
        return describe(e.reason());
    }

    /**
     * The client's file name and the reason, with every mention of the temporary file (ffmpeg, for one, repeats
     * the path in its message) replaced by that name.
     */
    String describe(String reason) {
        String text = String.valueOf(reason);
        for (Path p : new Path[]{file.toAbsolutePath(), file, file.getFileName()}) {
            text = text.replace(p.toString(), clientName);
        }
        return clientName + ": " + text;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
