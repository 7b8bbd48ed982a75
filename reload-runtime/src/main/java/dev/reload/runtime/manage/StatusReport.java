package dev.reload.runtime.manage;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code status} prints about one JVM.
 *
 * @param pid               the JVM
 * @param pluginsDirectory  the directory its runtime watches
 * @param plugins           its plugins, in the registry's order (sorted by id)
 * @param gate              the call gate in force, {@code "asymmetric"} or {@code "atomic"}
 * @param followed          the artifacts it follows from a repository; empty without the {@code fleet} option
 */
public record StatusReport(long pid, String pluginsDirectory, List<PluginStatus> plugins, String gate,
                           List<FollowedStatus> followed) {

    /**
     * @param pid              the JVM
     * @param pluginsDirectory the directory its runtime watches
     * @param plugins          its plugins, in the registry's order (sorted by id)
     * @param gate             the call gate in force, {@code "asymmetric"} or {@code "atomic"}
     * @param followed         the artifacts it follows from a repository; empty without the {@code fleet} option
     */
    public StatusReport {
        plugins = List.copyOf(plugins);
        followed = List.copyOf(followed);
    }

    /**
     * A JVM that follows no repository.
     *
     * @param pid              the JVM
     * @param pluginsDirectory the directory its runtime watches
     * @param plugins          its plugins, in the registry's order (sorted by id)
     * @param gate             the call gate in force, {@code "asymmetric"} or {@code "atomic"}
     */
    public StatusReport(long pid, String pluginsDirectory, List<PluginStatus> plugins, String gate) {
        this(pid, pluginsDirectory, plugins, gate, List.of());
    }

    /**
     * Reads the runtime's MBeans through {@code connection}: the platform MBean server of this JVM, or a connection
     * to another. A plugin whose MBean is not registered (yet) is left out.
     *
     * @param pid        the JVM the connection reaches
     * @param connection where the runtime's MBeans are registered
     * @return what the runtime's MBeans say now
     * @throws IOException when a remote connection is lost
     * @throws java.lang.reflect.UndeclaredThrowableException wrapping an
     *         {@link javax.management.InstanceNotFoundException} when the runtime's registry MBean is not registered
     */
    public static StatusReport read(long pid, MBeanServerConnection connection) throws IOException {
        RegistryMXBean registry = JMX.newMXBeanProxy(connection, ManagementNames.REGISTRY, RegistryMXBean.class);
        List<PluginStatus> plugins = new ArrayList<>();
        for (String id : registry.getPlugins()) {
            if (connection.isRegistered(ManagementNames.plugin(id))) {
                plugins.add(PluginStatus.read(id,
                        JMX.newMXBeanProxy(connection, ManagementNames.plugin(id), PluginMXBean.class)));
            }
        }
        List<FollowedStatus> followed = connection.isRegistered(ManagementNames.FLEET)
                ? JMX.newMXBeanProxy(connection, ManagementNames.FLEET, FleetMXBean.class).getFollowed() : List.of();
        return new StatusReport(pid, registry.getPluginsDirectory(), plugins, registry.getGate(), followed);
    }
}
