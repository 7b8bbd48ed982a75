package dev.reload.samples.greeter;

/**
 * The service of the sample. The host application owns this interface and calls it; plugin jars implement it.
 *
 * <p>Implementations are called from any thread, and one instance serves every call to its plugin version.
 */
public interface Greeter {

    /**
     * @param name who to greet
     * @return a greeting that names the plugin version that made it, so that the host can show which one answered
     */
    String greet(String name);
}
