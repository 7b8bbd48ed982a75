package dev.reload.agent.it;

import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;

import java.nio.file.Path;

/**
 * Greeter plugin jars for the child JVM. Each answers {@code "<label>:<name>"}, where the label is the version unless
 * told otherwise, and makes the moments a test cannot see from outside visible on the host's standard output:
 * <ul>
 *   <li>{@code closed <label>} when the runtime closes the instance, and</li>
 *   <li>{@code <label> held call started} and {@code <label> held call finishing} around a call whose name is
 *   {@code hold:<file>}, which the plugin holds until the file exists (30 s at most). The last line is printed
 *   inside the call, before it returns, so a {@code closed} line after it proves the runtime waited for the
 *   call.</li>
 * </ul>
 * The implementation class is named after the label ({@code plugin.Greeter_1_0_0}), so each version's classes can be
 * told apart, for instance in the JVM's class unloading log.
 */
final class GreeterPlugin {

    private static final String SOURCE = """
            package plugin;

            public class CLASS implements dev.reload.testkit.Greeter, AutoCloseable {

                public CLASS() {
                    CONSTRUCTOR
                }

                @Override
                public String greet(String name) {
                    if (name.startsWith("hold:")) {
                        hold(java.nio.file.Path.of(name.substring("hold:".length())));
                    }
                    return "LABEL:" + name;
                }

                private static void hold(java.nio.file.Path release) {
                    System.out.println("LABEL held call started");
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!java.nio.file.Files.exists(release) && System.nanoTime() - deadline < 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                    }
                    System.out.println("LABEL held call finishing");
                }

                @Override
                public void close() {
                    System.out.println("closed LABEL");
                }
            }
            """;

    private GreeterPlugin() {
    }

    /** @return {@code greeter-<version>.jar}, answering with its version */
    static PluginJar version(String version) {
        return version(version, version);
    }

    /** @return {@code greeter-<version>.jar}, answering with {@code label}: another build of the same version */
    static PluginJar version(String version, String label) {
        return jar("greeter-" + version + ".jar", label, "");
    }

    /** @return {@code greeter-<version>.jar} whose implementation's constructor throws */
    static PluginJar withThrowingConstructor(String version, String message) {
        return jar("greeter-" + version + ".jar", version, "throw new IllegalStateException(\"" + message + "\");");
    }

    /**
     * @return {@code greeter-<version>.jar} whose implementation's constructor does not return until {@code release}
     *         exists (30 s at most), and ignores interruption meanwhile, as stuck code does
     */
    static PluginJar withConstructorWaitingFor(String version, Path release) {
        return jar("greeter-" + version + ".jar", version, """
                java.nio.file.Path release = java.nio.file.Path.of("RELEASE");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!java.nio.file.Files.exists(release) && System.nanoTime() - deadline < 0) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ignored) {
                        // Stuck code does not stop when asked to.
                    }
                }
                """.replace("RELEASE", release.toString().replace("\\", "\\\\")));
    }

    /** @return {@code greeter-<version>.jar} whose every call throws {@code IllegalStateException("<version> fails")} */
    static PluginJar failingEveryCall(String version) {
        String className = "plugin.Failing_" + version.replaceAll("\\W", "_");
        return PluginJar.named("greeter-" + version + ".jar").classpath(Greeter.class)
                .source(className, "package plugin;\n"
                        + "public class " + className.substring("plugin.".length())
                        + " implements dev.reload.testkit.Greeter {\n"
                        + "    public String greet(String name) {\n"
                        + "        throw new IllegalStateException(\"" + version + " fails\");\n"
                        + "    }\n"
                        + "}\n")
                .service(Greeter.class, className);
    }

    /** @return {@code greeter-<version>.jar} whose service file names a class the jar does not hold */
    static PluginJar namingAMissingClass(String version, String missingClass) {
        return PluginJar.named("greeter-" + version + ".jar").service(Greeter.class, missingClass);
    }

    /** @return a jar named {@code fileName} answering with {@code label}, id and version left to its name */
    static PluginJar jar(String fileName, String label, String constructorBody) {
        return jar(fileName, label, constructorBody, Greeter.class.getName()).classpath(Greeter.class);
    }

    /**
     * @param service          the binary name of another application's interface with the test kit Greeter's method,
     *                         {@code String greet(String name)}
     * @param serviceClasspath where the compiler finds {@code service}
     * @return {@code greeter-<version>.jar} implementing {@code service}, answering with its version
     */
    static PluginJar implementing(String service, Path serviceClasspath, String version) {
        return jar("greeter-" + version + ".jar", version, "", service).classpath(serviceClasspath);
    }

    private static PluginJar jar(String fileName, String label, String constructorBody, String service) {
        String className = className(label);
        String simpleName = className.substring("plugin.".length());
        return PluginJar.named(fileName)
                .source(className, SOURCE.replace(Greeter.class.getName(), service).replace("CLASS", simpleName)
                        .replace("LABEL", label).replace("CONSTRUCTOR", constructorBody))
                .service(service, className);
    }

    /** @return the source of the implementation answering with {@code label}, the class {@link #className} */
    static String source(String label) {
        return SOURCE.replace("CLASS", className(label).substring("plugin.".length())).replace("LABEL", label)
                .replace("CONSTRUCTOR", "");
    }

    /** @return the implementation class of the plugin answering with {@code label} */
    static String className(String label) {
        return "plugin.Greeter_" + label.replaceAll("\\W", "_");
    }
}
