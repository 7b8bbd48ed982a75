package dev.reload.bench.engine;

import dev.reload.bench.subject.Scorer;
import dev.reload.testkit.PluginJar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * A plugin as a new user writes one: a {@link Scorer} that parses JSON with Jackson databind, the real Jackson jars
 * (databind, core, annotations, copied into the benchmark by its build) bundled into the plugin jar the way a fat-jar
 * build does. Version {@code n} is the class {@code plugin.JsonScorerV<n>}, which keeps an {@code ObjectMapper},
 * reads {@code {"x": x}} on every call and answers {@code x + n}.
 */
final class JacksonPlugins {

    private static final List<String> LIBRARIES = List.of("jackson-databind", "jackson-core", "jackson-annotations");

    private static final Map<Integer, byte[]> JARS = new java.util.HashMap<>();

    private static Path libraries;
    private static Map<String, byte[]> entries;

    private JacksonPlugins() {
    }

    /**
     * @param id      the plugin id
     * @param version the version number {@code n}: the jar is version {@code 1.0.<n>} and answers {@code x + n}
     * @return the jar's bytes
     */
    static synchronized byte[] jar(String id, int version) {
        return JARS.computeIfAbsent(version, n -> build(id, n));
    }

    /** @return the binary name of the implementation class of version {@code n} */
    static String implementation(int version) {
        return "plugin.JsonScorerV" + version;
    }

    private static byte[] build(String id, int version) {
        String simple = "JsonScorerV" + version;
        PluginJar jar = PluginJar.named(id + "-1.0." + version + ".jar")
                .id(id)
                .version("1.0." + version)
                .manifest("Multi-Release", "true")
                .classpath(Scorer.class)
                .source("plugin." + simple, "package plugin;\n"
                        + "import com.fasterxml.jackson.databind.ObjectMapper;\n"
                        + "import dev.reload.bench.engine.SwapMarks;\n"
                        + "public class " + simple + " implements dev.reload.bench.subject.Scorer {\n"
                        + "  static { SwapMarks.initialized(); }\n"
                        + "  private final ObjectMapper mapper = new ObjectMapper();\n"
                        + "  public " + simple + "() { SwapMarks.constructed(); }\n"
                        + "  public int score(int x) {\n"
                        + "    try {\n"
                        + "      return mapper.readTree(\"{\\\"x\\\":\" + x + \"}\").get(\"x\").asInt() + " + version
                        + ";\n"
                        + "    } catch (java.io.IOException e) {\n"
                        + "      throw new IllegalStateException(e);\n"
                        + "    }\n"
                        + "  }\n"
                        + "}\n")
                .service(Scorer.class, "plugin." + simple);
        for (String library : LIBRARIES) {
            jar.classpath(libraries().resolve(library + ".jar"));
        }
        libraryEntries().forEach(jar::entry);
        return jar.bytes();
    }

    /** @return how many classes the libraries bundle */
    static synchronized long libraryClasses() {
        return libraryEntries().keySet().stream().filter(name -> name.endsWith(".class")).count();
    }

    /** The benchmark carries the jars as resources; the compiler needs them as files. */
    private static Path libraries() {
        if (libraries == null) {
            try {
                Path directory = Files.createTempDirectory("reload-bench-libraries-");
                directory.toFile().deleteOnExit();
                for (String library : LIBRARIES) {
                    Path file = directory.resolve(library + ".jar");
                    try (InputStream in = resource(library)) {
                        Files.copy(in, file);
                    }
                    file.toFile().deleteOnExit();
                }
                libraries = directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return libraries;
    }

    /** Every entry of the libraries but what a fat-jar build leaves out: manifests, signatures, module descriptors. */
    private static Map<String, byte[]> libraryEntries() {
        if (entries == null) {
            Map<String, byte[]> all = new LinkedHashMap<>();
            for (String library : LIBRARIES) {
                try (JarInputStream in = new JarInputStream(resource(library))) {
                    for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                        String name = entry.getName();
                        if (!entry.isDirectory() && !name.endsWith("module-info.class")
                                && !name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")
                                && !name.equals("META-INF/MANIFEST.MF")) {
                            all.putIfAbsent(name, in.readAllBytes());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            entries = all;
        }
        return entries;
    }

    private static InputStream resource(String library) {
        InputStream in = JacksonPlugins.class.getResourceAsStream("/plugin-libraries/" + library + ".jar");
        if (in == null) {
            throw new IllegalStateException("plugin-libraries/" + library + ".jar is not in the benchmark's jar: "
                    + "build reload-bench with Maven, which copies it there");
        }
        return in;
    }
}
