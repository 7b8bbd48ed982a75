package dev.reload.testkit;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds a real plugin jar in a test: Java sources compiled with javax.tools against the test's own class path
 * entries, service declarations, manifest attributes and raw entries.
 *
 * <pre>{@code
 * Path jar = PluginJar.named("greeter-1.0.0.jar")
 *         .source("p.GreeterV1", "package p; public class GreeterV1 implements dev.reload.testkit.Greeter { ... }")
 *         .service(Greeter.class, "p.GreeterV1")
 *         .writeTo(pluginsDir);
 * }</pre>
 */
public final class PluginJar {

    private final String fileName;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Set<Path> classpath = new LinkedHashSet<>();

    private PluginJar(String fileName) {
        this.fileName = fileName;
        classpath(dev.reload.api.Service.class);
    }

    public static PluginJar named(String fileName) {
        return new PluginJar(fileName);
    }

    /** Adds a Java source; {@code className} is the binary name of its top-level class. */
    public PluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    public PluginJar service(Class<?> service, String... implementations) {
        return service(service.getName(), implementations);
    }

    public PluginJar service(String service, String... implementations) {
        services.computeIfAbsent(service, k -> new ArrayList<>()).addAll(List.of(implementations));
        return this;
    }

    public PluginJar manifest(String attribute, String value) {
        manifest.put(attribute, value);
        return this;
    }

    public PluginJar id(String id) {
        return manifest("Reload-Plugin-Id", id);
    }

    public PluginJar version(String version) {
        return manifest("Reload-Plugin-Version", version);
    }

    /** Adds a raw entry, written as is. */
    public PluginJar entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    /** Compiles against the code sources of these classes as well as reload-api's. */
    public PluginJar classpath(Class<?>... anchors) {
        for (Class<?> anchor : anchors) {
            try {
                classpath.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return this;
    }

    public PluginJar classpath(Path entry) {
        classpath.add(entry);
        return this;
    }

    /** Writes the jar directly into {@code directory}: fine before a runtime starts, not while one watches. */
    public Path writeTo(Path directory) {
        Path target = directory.resolve(fileName);
        try {
            Files.write(target, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Writes the jar beside {@code directory} and moves it in atomically, as a careful deployment does. */
    public Path moveInto(Path directory) {
        Path target = directory.resolve(fileName);
        try {
            Path staging = Files.createTempFile(directory.getParent(), ".staging-", ".tmp");
            Files.write(staging, bytes());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** @return the jar's bytes */
    public byte[] bytes() {
        Map<String, byte[]> classes = compile();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().put(new Attributes.Name(k), v));
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                put(jar, e.getKey().replace('.', '/') + ".class", e.getValue());
            }
            for (Map.Entry<String, List<String>> e : services.entrySet()) {
                put(jar, "META-INF/services/" + e.getKey(),
                        (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                put(jar, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    private Map<String, byte[]> compile() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (sources.isEmpty()) {
            return classes;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        try {
            standard.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ForwardingJavaFileManager<StandardJavaFileManager> manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        boolean ok = compiler.getTask(null, manager, diagnostics, List.of("--release", "17", "-proc:none"), null,
                units).call();
        if (!ok) {
            StringBuilder message = new StringBuilder("compilation of " + fileName + " failed:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                message.append('\n').append(d);
            }
            throw new IllegalStateException(message.toString());
        }
        return classes;
    }
}
