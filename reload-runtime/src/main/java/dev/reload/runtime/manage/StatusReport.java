package dev.reload.agent.cli;

import java.util.List;

/**
 * Everything {@code status} prints about one JVM.
 *
 * @param pid               the JVM
 * @param pluginsDirectory  the directory its runtime watches
 * @param plugins           its plugins, in the registry's order (sorted by id)
 */
record StatusReport(long pid, String pluginsDirectory, List<PluginStatus> plugins) {

    StatusReport {
        plugins = List.copyOf(plugins);
    }
}
