package dev.reload.runtime.manage;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One plugin as {@code status} shows it: the attributes of its MBean, read once.
 *
 * @param versions    highest first, as the MBean lists them
 * @param retiring    version to the calls still inside it, in the MBean's order
 * @param badVersions version marked bad to when and why, in the MBean's order
 */
public record PluginStatus(String id, String activeVersion, String pinnedVersion, String state, long inFlight,
                           long calls, long swaps, long rejects, String lastRejection, List<String> versions,
                           Map<String, Long> retiring, Map<String, String> badVersions) {

    /**
     * @param id            the plugin id
     * @param activeVersion the version serving calls, or {@code null}
     * @param pinnedVersion the version pinned, or {@code null}
     * @param state         as the MBean's {@code State} says
     * @param inFlight      calls inside any version now
     * @param calls         calls since the runtime started
     * @param swaps         changes of the active version
     * @param rejects       refused jars and configuration changes
     * @param lastRejection the last refusal, or {@code null}
     * @param versions      highest first, as the MBean lists them
     * @param retiring      version to the calls still inside it, in the MBean's order
     * @param badVersions   version marked bad to when and why, in the MBean's order
     */
    public PluginStatus {
        versions = List.copyOf(versions);
        retiring = Collections.unmodifiableMap(new LinkedHashMap<>(retiring));
        badVersions = Collections.unmodifiableMap(new LinkedHashMap<>(badVersions));
    }

    /**
     * Reads every attribute; each may be a remote call, so the values may be a few microseconds apart.
     *
     * @param id     the plugin's id
     * @param plugin its MBean, local or remote
     * @return what the MBean says now
     */
    public static PluginStatus read(String id, PluginMXBean plugin) {
        String[] versions = plugin.getVersions();
        Map<String, Long> retiring = plugin.getRetiring();
        Map<String, String> bad = plugin.getBadVersions();
        return new PluginStatus(id, plugin.getActiveVersion(), plugin.getPinnedVersion(), plugin.getState(),
                plugin.getInFlight(), plugin.getCalls(), plugin.getSwaps(), plugin.getRejects(),
                plugin.getLastRejection(), versions == null ? List.of() : Arrays.asList(versions),
                retiring == null ? Map.of() : retiring, bad == null ? Map.of() : bad);
    }
}
