package dev.reload.spring.boot.actuate;

import dev.reload.api.ReloadListener;
import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.manage.ManagementNames;
import dev.reload.runtime.manage.PluginMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import javax.management.InstanceNotFoundException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Meters for every plugin, read from its MBean, tagged with the plugin id and its active version ({@code none} while
 * no version serves):
 *
 * <pre>
 * reload.calls             counter  calls that entered any version of the plugin since the runtime started
 * reload.calls.in.flight   gauge    calls inside any version of the plugin now
 * reload.swaps             counter  changes of the active version
 * reload.rejections        counter  jars and configurations of the plugin that were refused
 * reload.versions.retiring gauge    versions that no longer serve but still have calls inside
 * </pre>
 *
 * <p>When the active version changes, the plugin's meters are registered again under the new version, and when its
 * MBean goes (the runtime closed) they are removed, so that no meter outlives what it measures. The runtime's events
 * and the MBean server's registration notices say when to look; nothing polls.
 */
public class ReloadMetrics implements MeterBinder, AutoCloseable {

    private static final String PREFIX = "reload.";
    private static final String NO_VERSION = "none";

    private final RuntimeBeans beans = new RuntimeBeans();
    private final List<MeterRegistry> registries = new ArrayList<>();
    private final Map<String, PluginMeters> plugins = new HashMap<>();
    private final ReloadListener onEvent = event -> refresh();
    private final NotificationListener onRegistration = (notification, handback) -> refresh();
    private boolean listening;

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        plugins.values().forEach(meters -> meters.registerWith(registry));
        if (!listening) {
            listening = true;
            ServiceRegistry.addListener(onEvent);
            try {
                beans.server().addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, onRegistration,
                        reloadBeans(), null);
            } catch (InstanceNotFoundException e) {
                throw new IllegalStateException("the platform MBean server has no delegate", e);
            }
        }
        refresh();
    }

    /** Brings the meters in line with the plugin MBeans registered now and their active versions. */
    synchronized void refresh() {
        Map<String, PluginMXBean> now = beans.plugins();
        plugins.entrySet().removeIf(entry -> {
            PluginMXBean plugin = now.get(entry.getKey());
            boolean stale = plugin == null || !entry.getValue().version.equals(activeVersion(plugin));
            if (stale) {
                entry.getValue().remove();
            }
            return stale;
        });
        now.forEach((id, plugin) -> plugins.computeIfAbsent(id, key -> {
            PluginMeters meters = new PluginMeters(id, activeVersion(plugin), plugin);
            registries.forEach(meters::registerWith);
            return meters;
        }));
    }

    /** Removes every meter and stops listening. */
    @Override
    public synchronized void close() {
        if (listening) {
            ServiceRegistry.removeListener(onEvent);
            try {
                beans.server().removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, onRegistration);
            } catch (InstanceNotFoundException | ListenerNotFoundException ignored) {
                // Nothing to stop listening to.
            }
            listening = false;
        }
        plugins.values().forEach(PluginMeters::remove);
        plugins.clear();
        registries.clear();
    }

    private static NotificationFilter reloadBeans() {
        return notification -> notification instanceof MBeanServerNotification registration
                && ManagementNames.DOMAIN.equals(registration.getMBeanName().getDomain());
    }

    private static String activeVersion(PluginMXBean plugin) {
        try {
            return Objects.requireNonNullElse(plugin.getActiveVersion(), NO_VERSION);
        } catch (RuntimeException goneMeanwhile) {
            return NO_VERSION;
        }
    }

    /** One plugin's meters, under one active version, in every registry. */
    private static final class PluginMeters {

        private final String version;
        /** Held here: meters keep only a weak reference to the object they read. */
        private final PluginMXBean plugin;
        private final Tags tags;
        private final List<Registered> registered = new ArrayList<>();

        PluginMeters(String id, String version, PluginMXBean plugin) {
            this.version = version;
            this.plugin = plugin;
            this.tags = Tags.of("plugin", id, "version", version);
        }

        void registerWith(MeterRegistry registry) {
            add(registry, FunctionCounter.builder(PREFIX + "calls", plugin, read(PluginMXBean::getCalls))
                    .description("Calls that entered any version of the plugin since the runtime started")
                    .tags(tags).register(registry));
            add(registry, Gauge.builder(PREFIX + "calls.in.flight", plugin, read(PluginMXBean::getInFlight))
                    .description("Calls inside any version of the plugin now")
                    .tags(tags).register(registry));
            add(registry, FunctionCounter.builder(PREFIX + "swaps", plugin, read(PluginMXBean::getSwaps))
                    .description("Changes of the plugin's active version")
                    .tags(tags).register(registry));
            add(registry, FunctionCounter.builder(PREFIX + "rejections", plugin, read(PluginMXBean::getRejects))
                    .description("Jars and configurations of the plugin that were refused")
                    .tags(tags).register(registry));
            add(registry, Gauge.builder(PREFIX + "versions.retiring", plugin,
                            read(p -> p.getRetiring().size()))
                    .description("Versions of the plugin that no longer serve but still have calls inside")
                    .tags(tags).register(registry));
        }

        void remove() {
            registered.forEach(r -> r.registry.remove(r.meter));
            registered.clear();
        }

        private void add(MeterRegistry registry, Meter meter) {
            registered.add(new Registered(registry, meter));
        }

        /** A bean unregistered between a change and the refresh that follows it reads as no value. */
        private static ToDoubleFunction<PluginMXBean> read(ToDoubleFunction<PluginMXBean> attribute) {
            return plugin -> {
                try {
                    return attribute.applyAsDouble(plugin);
                } catch (RuntimeException gone) {
                    return Double.NaN;
                }
            };
        }

        private record Registered(MeterRegistry registry, Meter meter) {
        }
    }
}
