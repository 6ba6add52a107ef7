package dev.timbre.predict;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java API example in README.md compiles against the current API. */
class ReadmeExampleTest {

    @Test
    void javaApiExampleCompiles(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README has a ```java example").isTrue();
        String source = """
                import dev.timbre.predict.*;
                import java.nio.file.Path;

                public class ReadmeExample {
                    public static void main(String[] args) throws Exception {
                %s
                    }
                }
                """.formatted(m.group(1));
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (var fm = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(null, fm, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
                    fm.getJavaFileObjects(file)).call();
            assertThat(ok).as(diagnostics.getDiagnostics().toString()).isTrue();
        }
    }
}
