package dev.reload.runtime.manage;

import java.util.Map;

/**
 * The running runtime as a whole, registered as {@code dev.reload:type=Registry}.
 */
public interface RegistryMXBean {

    /** @return the absolute plugins directory */
    String getPluginsDirectory();

    /** @return the ids of the plugins known to the runtime, sorted */
    String[] getPlugins();

    /**
     * @return the call gate new versions get: {@code "asymmetric"} (no atomic instruction on the call path; swaps run
     *         a process-wide memory barrier) or {@code "atomic"} (where that barrier is not available)
     */
    String getGate();

    /** @return every option in force, by its agent option name, values as they would be written */
    Map<String, String> getOptions();

    /**
     * Rescans the plugins directory now and waits for what it finds to load.
     *
     * @return one line per plugin: its id and active version
     */
    String rescan();
}
