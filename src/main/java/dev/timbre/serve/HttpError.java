package dev.timbre.serve;

/** A request that ends with an HTTP error status and a one-line JSON message. */
final class HttpError extends Exception {
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
