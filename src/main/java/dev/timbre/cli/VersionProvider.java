package dev.timbre.cli;

import picocli.CommandLine;

/** Reports timbre's version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = TimbreCli.class.getPackage().getImplementationVersion();
        return new String[]{"timbre " + (v == null ? "dev" : v) + " (Java " + System.getProperty("java.version") + ")"};
    }
}
