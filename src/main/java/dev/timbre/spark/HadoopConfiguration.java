package dev.timbre.spark;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The driver's Hadoop configuration (file systems, credentials from {@code spark.hadoop.*}) carried to the
 * executors, which read audio from file systems other than the local one with it.
 */
final class HadoopConfiguration implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    HadoopConfiguration(Configuration conf) {
        this.conf = conf;
    }

    Configuration get() {
        return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
