package dev.timbre.spark;

import org.apache.hadoop.fs.RawLocalFileSystem;

import java.net.URI;

/**
 * The local disk under the scheme {@code otherfs:}, so that a test takes the path of files on a file system that is
 * not the executors' local one (HDFS, S3): they are copied to local disk before decoding.
 */
public final class OtherFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "otherfs";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
