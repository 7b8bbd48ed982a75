package dev.reload.runtime.plugin;

import dev.reload.api.Service;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a jar's declarations, and telling from its bytes whether the annotation scan is needed at all. */
class ServiceDeclarationsTest {

    private static final JarLimits LIMITS = new JarLimits(1_000, 10_000_000);

    @TempDir
    Path dir;

    private static String greeter(String className, String annotation) {
        return "package p; " + annotation + " public class " + className + " implements dev.reload.testkit.Greeter {"
                + " public String greet(String n) { return n; } }";
    }

    @Test
    void aJarWithAnAnnotatedClassIsFoundToNeedTheScan() throws Exception {
        Path jar = PluginJar.named("a-1.0.0.jar").classpath(Greeter.class, Service.class)
                .source("p.Plain", greeter("Plain", ""))
                .source("p.Marked", greeter("Marked", "@dev.reload.api.Service"))
                .writeTo(dir);

        JarLimits.Inflated inflated = LIMITS.inflate(jar, ServiceDeclarations.ANNOTATION_MARKER);

        assertThat(inflated.problem()).isNull();
        assertThat(inflated.markerFound()).isTrue();
        assertThat(ServiceDeclarations.read(jar, inflated.markerFound()).implementations())
                .containsEntry(Greeter.class.getName(), Set.of("p.Marked"));
    }

    @Test
    void aJarDeclaringItsServicesInAFileOnlyIsNotScanned() throws Exception {
        Path jar = PluginJar.named("b-1.0.0.jar").classpath(Greeter.class)
                .source("p.Plain", greeter("Plain", ""))
                .service(Greeter.class, "p.Plain")
                .writeTo(dir);

        JarLimits.Inflated inflated = LIMITS.inflate(jar, ServiceDeclarations.ANNOTATION_MARKER);

        assertThat(inflated.problem()).isNull();
        assertThat(inflated.markerFound()).isFalse();
        assertThat(ServiceDeclarations.read(jar, false).implementations())
                .containsEntry(Greeter.class.getName(), Set.of("p.Plain"));
    }

    @Test
    void theMarkerIsFoundWhereverItFallsInALargeClassFile() throws Exception {
        // Constants pushing the annotation's descriptor well past the first 64 KiB read.
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            fields.append("public static final String F").append(i).append(" = \"")
                    .append("x".repeat(20)).append(i).append("\";");
        }
        Path jar = PluginJar.named("c-1.0.0.jar").classpath(Greeter.class, Service.class)
                .source("p.Big", "package p; @dev.reload.api.Service public class Big implements "
                        + "dev.reload.testkit.Greeter { " + fields + " public String greet(String n) { return n; } }")
                .writeTo(dir);

        assertThat(LIMITS.inflate(jar, ServiceDeclarations.ANNOTATION_MARKER).markerFound()).isTrue();
    }
}
