package dev.reload.runtime.manage;

import java.util.Map;

/**
 * One plugin of a running runtime, registered as {@code dev.reload:type=Plugin,name=<plugin id>}. An MXBean, so that
 * JConsole, VisualVM and any JMX client read it with JDK types only.
 *
 * <p>Operations answer what they did in one line, and refuse what they cannot do with an
 * {@link IllegalStateException} (an {@link IllegalArgumentException} for a malformed version) whose message says
 * why; the runtime is unchanged by a refused operation.
 */
public interface PluginMXBean {

    /** @return the version serving calls, or {@code null} when none does */
    String getActiveVersion();

    /** @return the versions whose jars are in the plugins directory, highest first */
    String[] getVersions();

    /** @return the version this plugin is pinned to, or {@code null} */
    String getPinnedVersion();

    /**
     * @return {@code ACTIVE} (the highest version serves), {@code PINNED} (the pinned version serves),
     *         {@code LOADING} (a version is being loaded), {@code UNAVAILABLE} (no version serves) or
     *         {@code STOPPED} (the runtime was closed)
     */
    String getState();

    /** @return calls inside any version of this plugin right now, the active one and those retiring */
    long getInFlight();

    /** @return calls that entered any version of this plugin since the runtime started */
    long getCalls();

    /** @return how many times the active version changed, first activation excluded */
    long getSwaps();

    /** @return how many jars and configuration changes of this plugin were refused */
    long getRejects();

    /** @return the last refusal: its time (ISO-8601, UTC), the file and the reason; {@code null} if none */
    String getLastRejection();

    /**
     * @return the files of this plugin refused now and not tried again until something changes (the file, the
     *         configuration, or an operator's {@code reload}), each as {@code <file name>: <reason>}
     */
    String[] getRefused();

    /** @return the versions that no longer serve but still have calls inside, to the number of those calls */
    Map<String, Long> getRetiring();

    /**
     * @return the versions marked bad on this JVM because too many of their calls failed in the bake time after
     *         their swap, each to when (ISO-8601, UTC) and why; their jars are not tried again until they change,
     *         or until {@link #reload()}, {@link #pin(String)} or {@link #unpin()}
     */
    Map<String, String> getBadVersions();

    /**
     * Keeps {@code version} active whatever higher versions arrive, as long as its jar is in the plugins directory;
     * loads and activates it first if another version serves. Kept across restarts.
     *
     * @param version a version whose jar is in the plugins directory
     * @return what was done
     */
    String pin(String version);

    /**
     * Removes the pin, and the marks of the versions marked bad; the highest version present becomes active.
     *
     * @return what was done
     */
    String unpin();

    /**
     * Activates the version that was active before the current one, if its jar is still present, and pins it, so
     * that the highest version does not come straight back; {@link #unpin()} ends that.
     *
     * @return what was done
     */
    String rollback();

    /**
     * Rescans the plugins directory now and waits for what it finds to load, and re-reads this plugin's
     * configuration file.
     *
     * @return the version active afterwards, and whether it changed
     */
    String reload();
}
