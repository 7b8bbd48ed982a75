package dev.reload.api;

import java.nio.file.Path;

/**
 * Something the reload runtime did, as delivered to a {@link ReloadListener}. Versions are the strings read from the
 * plugin jar's manifest or file name.
 */
public sealed interface ReloadEvent {

    /**
     * A plugin version was loaded, scanned and instantiated in full, and is ready to serve.
     *
     * @param pluginId the plugin id
     * @param version  the version that loaded
     */
    record Loaded(String pluginId, String version) implements ReloadEvent {
    }

    /**
     * Calls to {@code service} now go to another version. {@code fromVersion} is {@code null} when the service had
     * no active implementation before, {@code toVersion} is {@code null} when it has none now.
     *
     * @param service     the service interface
     * @param fromVersion the version calls went to until now, or {@code null}
     * @param toVersion   the version calls go to from now on, or {@code null}
     */
    record Swapped(Class<?> service, String fromVersion, String toVersion) implements ReloadEvent {
    }

    /**
     * A file in the plugins directory was refused; the version that was active keeps serving.
     *
     * @param file   the refused file
     * @param reason why, in plain words
     */
    record Rejected(Path file, String reason) implements ReloadEvent {
    }

    /**
     * A version failed too many of its calls in the bake time after its swap (the {@code bake} option): calls went
     * back to the version it replaced, as {@link Swapped} events say, and this JVM does not try it again until its
     * jar changes or an operator runs {@code reload} or {@code unpin}.
     *
     * @param pluginId the plugin id
     * @param version  the version marked bad
     * @param reason   how many of its calls failed, out of how many, and with what
     */
    record MarkedBad(String pluginId, String version, String reason) implements ReloadEvent {
    }

    /**
     * A version that no longer serves had every call that entered it return, and its instances were closed.
     *
     * @param pluginId the plugin id
     * @param version  the retired version
     */
    record Retired(String pluginId, String version) implements ReloadEvent {
    }

    /**
     * A retired version's class loader, or a refused one's, is still reachable after the leak check's grace period,
     * so its classes cannot unload: something still refers to it. The causes name what was found holding it (threads
     * it started, thread locals, JDBC drivers, shutdown hooks, timers, logging handlers); for a retired version, an
     * {@link Unloaded} event may still follow if the holders let go.
     *
     * @param pluginId the plugin id
     * @param version  the version whose loader leaked
     * @param causes   what holds the loader, one finding per element, never empty
     */
    record LeakSuspected(String pluginId, String version, java.util.List<String> causes) implements ReloadEvent {

        /**
         * @param pluginId the plugin id
         * @param version  the version whose loader leaked
         * @param causes   what holds the loader; copied, so the event does not change after it is delivered
         * @throws NullPointerException if {@code causes} or one of its elements is {@code null}
         */
        public LeakSuspected {
            causes = java.util.List.copyOf(causes);
        }
    }

    /**
     * The class loader of a retired version was garbage collected, so its classes can be unloaded.
     *
     * @param pluginId the plugin id
     * @param version  the unloaded version
     */
    record Unloaded(String pluginId, String version) implements ReloadEvent {
    }
}
