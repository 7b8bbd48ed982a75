package dev.reload.agent.it;

import dev.reload.testkit.PluginJar;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Spring Boot applications of {@code reload-agent/it-apps}, as their build left them, and plugin jars for them.
 *
 * <p>Each application keeps its service interface, {@code com.acme.Greeter}, in its own classes (in an executable
 * jar: {@code BOOT-INF/classes}, under Boot's launcher class loader), asks {@code ServiceRegistry} for it in a bean,
 * answers {@code GET /greet?name=x} from it and collects garbage on {@code POST /gc}. It prints
 * {@code ready on port <port>} when it serves.
 */
final class BootApps {

    /** The service interface, in each application's own classes. */
    static final String GREETER = "com.acme.Greeter";

    /** The main class of every application. */
    static final String MAIN_CLASS = "com.acme.App";

    /** Boot's launcher for an executable jar, and for one unpacked into a directory. */
    static final String JAR_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private static final String PLUGIN = """
            package plugin;

            public class CLASS implements com.acme.Greeter {

                @Override
                public String greet(String name) {
                    return "VERSION:" + name;
                }
            }
            """;

    /** One application: {@code boot3} (Spring Boot 3.5) or {@code boot4} (Spring Boot 4.0). */
    enum App {
        BOOT3("boot3"), BOOT4("boot4");

        private final String key;

        App(String key) {
            this.key = key;
        }

        /** @return the executable jar {@code spring-boot-maven-plugin} made */
        Path jar() {
            return built("jar");
        }

        /** @return the application's compiled classes, {@code target/classes} */
        Path classes() {
            return built("classes");
        }

        /** @return the class path of the application's dependencies, as an IDE runs it: the build wrote it */
        Path[] dependencies() {
            try {
                String classpath = Files.readString(built("dependencies"), StandardCharsets.UTF_8).strip();
                return Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of).toArray(Path[]::new);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return a plugin jar {@code greeter-<version>.jar} answering {@code "<version>:<name>"} */
        PluginJar greeter(String version) {
            String className = "plugin.Greeter_" + version.replace('.', '_');
            return PluginJar.named("greeter-" + version + ".jar")
                    .classpath(classes())
                    .source(className, PLUGIN.replace("CLASS", className.substring("plugin.".length()))
                            .replace("VERSION", version))
                    .service(GREETER, className);
        }

        private Path built(String what) {
            String property = "reload.it." + key + "." + what;
            String value = System.getProperty(property);
            if (value == null || !Files.exists(Path.of(value))) {
                throw new IllegalStateException(property + " is " + value + ": run the integration tests with "
                        + "'mvn verify', which builds reload-agent/it-apps before reload-agent and passes the paths");
            }
            return Path.of(value);
        }
    }

    private BootApps() {
    }

    /** Unpacks {@code jar} into {@code directory}, as {@code jar xf} does: an exploded Boot application. */
    static Path explode(Path jar, Path directory) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IllegalStateException(jar + " has an entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }
}
