package dev.reload.spring.boot.actuate;

import dev.reload.runtime.manage.ManagementNames;
import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.runtime.manage.RegistryMXBean;
import dev.reload.runtime.manage.StatusReport;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The running runtime as its MBeans show it, in the platform MBean server: the same beans, whether the agent or the
 * application started the runtime, that JConsole and {@code reload-agent.jar status} read.
 *
 * <p>The runtime registers them half a second after it starts, so every read is lazy, and the server itself is
 * looked up on first use: creating it costs a fraction of a second the application's start need not pay.
 */
final class RuntimeBeans {

    private static final Duration REGISTRATION_GRACE = Duration.ofSeconds(3);

    private volatile MBeanServer server;

    MBeanServer server() {
        MBeanServer s = server;
        if (s == null) {
            s = ManagementFactory.getPlatformMBeanServer();
            server = s;
        }
        return s;
    }

    /** @return whether the runtime's registry bean is registered now */
    boolean registered() {
        return server().isRegistered(ManagementNames.REGISTRY);
    }

    /**
     * Waits a few seconds at most for the registry bean of a runtime that has just started.
     *
     * @return the registry, or empty if no runtime's beans appear
     */
    Optional<RegistryMXBean> awaitRegistry() {
        long deadline = System.nanoTime() + REGISTRATION_GRACE.toNanos();
        while (!registered()) {
            if (System.nanoTime() - deadline > 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.of(registry());
    }

    RegistryMXBean registry() {
        return JMX.newMXBeanProxy(server(), ManagementNames.REGISTRY, RegistryMXBean.class);
    }

    /** @return the plugin's bean, if the runtime has registered one of that id */
    Optional<PluginMXBean> plugin(String id) {
        ObjectName name;
        try {
            name = ManagementNames.plugin(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!server().isRegistered(name)) {
            return Optional.empty();
        }
        return Optional.of(JMX.newMXBeanProxy(server(), name, PluginMXBean.class));
    }

    /** @return every plugin bean registered now, by plugin id */
    SortedMap<String, PluginMXBean> plugins() {
        SortedMap<String, PluginMXBean> plugins = new TreeMap<>();
        for (ObjectName name : server().queryNames(ManagementNames.PLUGINS, null)) {
            plugins.put(ManagementNames.pluginId(name), JMX.newMXBeanProxy(server(), name, PluginMXBean.class));
        }
        return plugins;
    }

    /** @return what {@code status} shows, read from the beans registered now */
    StatusReport status() {
        try {
            return StatusReport.read(ProcessHandle.current().pid(), server());
        } catch (IOException e) {
            throw new UncheckedIOException("the platform MBean server failed", e);
        }
    }
}
