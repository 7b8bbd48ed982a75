package dev.reload.testkit;

/**
 * Ready-made plugin jars implementing {@link Greeter}: each version answers {@code "<version>:<name>"}, so a test
 * can see which version served a call.
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
                        + "public class " + simple + " implements dev.reload.testkit.Greeter {\n"
                        + "  public String greet(String name) { return \"" + version + ":\" + name; }\n"
                        + body + "\n}\n")
                .service(Greeter.class, className);
    }
}
