package dev.timbre.bundle;

import ai.djl.engine.Engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Software versions recorded in every bundle. */
public final class Versions {

    private Versions() {
    }

    public static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        String timbre = Versions.class.getPackage().getImplementationVersion();
        v.put("timbre", timbre == null ? "dev" : timbre);
        v.put("djl", Engine.getDjlVersion());
        Engine e = Engine.getInstance();
        v.put("engine", e.getEngineName() + " " + e.getVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}
