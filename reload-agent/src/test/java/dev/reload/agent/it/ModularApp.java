package dev.reload.agent.it;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * An application that is a named module, {@value #MODULE}, compiled in the test with javax.tools against the
 * reload-api jar on the module path, as a user's modular build would: its {@code module-info} requires
 * {@code dev.reload.api} and exports the package of its service interface, {@value #SERVICE}, which has the test
 * kit Greeter's one method.
 *
 * <p>It prints on standard output:
 * <pre>
 * modules &lt;its module&gt; &lt;the module ServiceRegistry came from&gt;
 * answered &lt;answer&gt;                 whenever the answer to greet("world"), called every 20 ms, changes
 * failed: &lt;exception&gt;              whenever calls start failing, or fail differently
 * event &lt;the event's toString()&gt;
 * </pre>
 * and returns from main at the end of standard input.
 */
final class ModularApp {

    static final String MODULE = "modular.host";
    static final String SERVICE = "modular.host.service.Greeter";

    private static final String MAIN_CLASS = "modular.host.Main";

    private static final String GREETER = """
            package modular.host.service;

            public interface Greeter {
                String greet(String name);
            }
            """;

    private static final String MAIN = """
            package modular.host;

            import dev.reload.api.ServiceRegistry;
            import modular.host.service.Greeter;

            import java.io.BufferedReader;
            import java.io.IOException;
            import java.io.InputStreamReader;

            public final class Main {

                public static void main(String[] args) throws IOException {
                    System.out.println("modules " + Main.class.getModule().getName() + " "
                            + ServiceRegistry.class.getModule().getName());
                    ServiceRegistry.addListener(event -> System.out.println("event " + event));
                    Greeter greeter = ServiceRegistry.get(Greeter.class);
                    Thread caller = new Thread(() -> call(greeter), "caller");
                    caller.setDaemon(true);
                    caller.start();
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    while (in.readLine() != null) {
                        // Commands are not needed: the end of the input ends the application.
                    }
                }

                private static void call(Greeter greeter) {
                    String last = null;
                    while (true) {
                        String outcome;
                        try {
                            outcome = "answered " + greeter.greet("world");
                        } catch (RuntimeException | Error e) {
                            outcome = "failed: " + e;
                        }
                        if (!outcome.equals(last)) {
                            System.out.println(outcome);
                            last = outcome;
                        }
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
            """;

    private final Path jar;

    private ModularApp(Path jar) {
        this.jar = jar;
    }

    /**
     * Compiles the application into {@code <directory>/modular-host.jar}.
     *
     * @param moduleBody the body of its {@code module-info}, between the braces
     * @param open       whether it is an {@code open module}, so every package is open to deep reflection
     */
    static ModularApp build(Path directory, String moduleBody, boolean open) {
        Path sources = directory.resolve("modular-host-src");
        Path classes = directory.resolve("modular-host-classes");
        write(sources.resolve("module-info.java"), (open ? "open " : "") + "module " + MODULE + " {\n"
                + moduleBody + "\n}\n");
        write(sources.resolve("modular/host/service/Greeter.java"), GREETER);
        write(sources.resolve("modular/host/Main.java"), MAIN);
        compile(sources, classes);
        return new ModularApp(jar(classes, directory.resolve("modular-host.jar")));
    }

    /**
     * @return the reload-api jar the build made, as failsafe passes it in {@code reload.it.api-jar}: a jar, not a
     *         directory of classes, since what names the module {@code dev.reload.api} is its manifest
     */
    static Path apiJar() {
        String property = System.getProperty("reload.it.api-jar");
        if (property == null || !property.endsWith(".jar") || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("reload.it.api-jar is " + property + ": run the integration tests with "
                    + "'mvn verify', which packages reload-api before this module's tests and passes its path");
        }
        return Path.of(property);
    }

    /** @return the application's jar */
    Path jar() {
        return jar;
    }

    /**
     * @param plugins      the plugins directory
     * @param extraOptions more agent options, such as {@code watch=false}
     * @return a launch of the application on the module path, its jar and the reload-api jar, with the agent on
     *         {@code plugins} and a settle time of 50 ms, and the child's temporary files beside {@code plugins}
     */
    ChildJvm.Launch withAgentOn(Path plugins, String... extraOptions) {
        Path tmp = plugins.resolveSibling(Host.CHILD_TMP);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChildJvm.launchModule(MODULE, MAIN_CLASS)
                .javaagent(Host.agentJar(), String.join(",", "plugins=" + plugins, "settleTime=50ms")
                        + (extraOptions.length == 0 ? "" : "," + String.join(",", extraOptions)))
                .jvmOption("-Djava.io.tmpdir=" + tmp)
                .modulePath(jar, apiJar());
    }

    private static void compile(Path sources, Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files = new ArrayList<>();
        try (StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8); Stream<Path> tree = Files.walk(sources)) {
            tree.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
            List<String> options = List.of("--release", "17", "-proc:none", "--module-path", apiJar().toString(),
                    "-d", classes.toString());
            boolean ok = compiler.getTask(null, manager, diagnostics, options, null,
                    manager.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                StringBuilder message = new StringBuilder("compilation of the modular application failed:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    message.append('\n').append(d);
                }
                throw new IllegalStateException(message.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jar(Path classes, Path target) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) tree.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
