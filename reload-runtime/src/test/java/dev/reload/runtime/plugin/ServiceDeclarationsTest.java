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

    @Test
    void annotatedClassesReadWithoutTheScanDeclareWhatTheScanFinds() throws Exception {
        Path jar = PluginJar.named("d-1.0.0.jar").classpath(Greeter.class, Service.class)
                .source("p.Zed", "package p; @dev.reload.api.Service public class Zed implements java.io.Serializable,"
                        + " dev.reload.testkit.Greeter, Runnable { public String greet(String n) { return n; }"
                        + " public void run() { } }")
                .source("p.Named", "package p; @dev.reload.api.Service({dev.reload.testkit.Greeter.class,"
                        + " Runnable.class}) public class Named implements dev.reload.testkit.Greeter, Runnable {"
                        + " public String greet(String n) { return n; } public void run() { } }")
                .source("p.Alpha", "package p; @dev.reload.api.Service public class Alpha implements Runnable,"
                        + " dev.reload.testkit.Greeter { public String greet(String n) { return n; }"
                        + " public void run() { } }")
                .writeTo(dir);

        assertSameAsTheScan(jar);
    }

    @Test
    void aJarTheClassFilesCannotSpeakForIsScanned() throws Exception {
        Path jar = PluginJar.named("e-1.0.0.jar").classpath(Greeter.class, Service.class)
                .source("p.Base", "package p; public abstract class Base implements dev.reload.testkit.Greeter { }")
                .source("p.Sub", "package p; @dev.reload.api.Service public class Sub extends Base {"
                        + " public String greet(String n) { return n; } }")
                .source("p.Local", "package p; public interface Local extends dev.reload.testkit.Greeter { }")
                .source("p.ViaLocal", "package p; @dev.reload.api.Service public class ViaLocal implements Local {"
                        + " public String greet(String n) { return n; } }")
                .writeTo(dir);
        JarLimits.Inflated inflated = LIMITS.inflate(jar, ServiceDeclarations.ANNOTATION_MARKER);

        assertThat(ServiceAnnotations.read(inflated.markedClassFiles(), "Ldev/reload/api/Service;", name -> true,
                name -> false)).as("needs the scan").isNull();
        assertSameAsTheScan(jar);
    }

    private void assertSameAsTheScan(Path jar) throws Exception {
        JarLimits.Inflated inflated = LIMITS.inflate(jar, ServiceDeclarations.ANNOTATION_MARKER, true);
        ServiceDeclarations scanned = ServiceDeclarations.read(jar, true);
        ServiceDeclarations read = ServiceDeclarations.read(jar, inflated);

        assertThat(read.implementations()).isNotEmpty();
        assertThat(read.implementations()).containsExactlyEntriesOf(scanned.implementations());
        read.implementations().forEach((service, types) -> {
            assertThat(types).containsExactlyElementsOf(scanned.implementations().get(service));
            types.forEach(type -> assertThat(read.origin(service, type)).isEqualTo(scanned.origin(service, type)));
        });
    }
}
