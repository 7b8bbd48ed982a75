package dev.reload.testkit;

/**
 * Ready-made plugin jars implementing {@link Greeter}: each version answers {@code "<version>:<name>"}, so a test
 * can see which version served a call. The name {@code "hold"} makes the call wait in {@link Probe#hold()}, and
 * closing an instance records {@code "closed <id> <version>"} in the {@link Probe}.
 */
public final class Greeters {

    private Greeters() {
    }

    /** A greeter plugin {@code greeter-<version>.jar} whose class is unique to the version. */
    public static PluginJar version(String version) {
        return version("greeter", version, "");
    }

    /**
     * @param id      the plugin id (file name prefix)
     * @param version the version
     * @param body    extra members for the implementation class
     */
    public static PluginJar version(String id, String version, String body) {
        String simple = "Greeter_" + id.replaceAll("\\W", "_") + "_" + version.replaceAll("\\W", "_");
        String className = "plugin." + simple;
        return PluginJar.named(id + "-" + version + ".jar")
                .classpath(Greeter.class)
                .source(className, "package plugin;\n"
                        + "import dev.reload.testkit.Probe;\n"
                        + "public class " + simple + " implements dev.reload.testkit.Greeter, AutoCloseable {\n"
                        + "  public String greet(String name) {\n"
                        + "    if (name.equals(\"hold\")) { Probe.hold(); Probe.record(\"returned " + version
                        + "\"); }\n"
                        + "    return \"" + version + ":\" + name;\n"
                        + "  }\n"
                        + "  public void close() { Probe.record(\"closed " + id + " " + version + "\"); }\n"
                        + body + "\n}\n")
                .service(Greeter.class, className);
    }
}
