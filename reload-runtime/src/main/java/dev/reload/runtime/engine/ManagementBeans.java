package dev.reload.runtime.engine;

import dev.reload.runtime.event.DaemonThreads;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.manage.ManagementNames;
import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.runtime.manage.RegistryMXBean;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The runtime's MBeans in the platform MBean server, where JConsole, VisualVM and the command line find them:
 * {@code dev.reload:type=Registry}, and {@code dev.reload:type=Plugin,name=<id>} per plugin.
 *
 * <p>The platform MBean server takes about 100 ms to create in a JVM that has not used it yet, and describing an
 * MXBean's interface takes tens of milliseconds more, so both happen on a thread of their own, half a second after
 * the runtime started: on a small machine, doing it at once would take a core from the application's own start.
 * Beans added before the server is ready are registered as soon as it is.
 */
final class ManagementBeans {

    private static final Log LOG = Log.get(ManagementBeans.class);
    private static final long START_DELAY_MILLIS = 500;

    private final Map<ObjectName, Supplier<OwnBean>> pending = new LinkedHashMap<>();
    private final Map<ObjectName, OwnBean> registered = new LinkedHashMap<>();
    private MBeanServer server;
    private boolean closed;

    private ManagementBeans() {
    }

    /**
     * Registers the registry bean of {@code engine}, and the beans {@link #add}ed, in the background.
     *
     * @param scheduler runs the delayed start of the thread that registers them
     */
    static ManagementBeans start(Engine engine, ScheduledExecutorService scheduler) {
        ManagementBeans beans = new ManagementBeans();
        beans.pending.put(ManagementNames.REGISTRY, () -> new OwnBean(new RegistryBean(engine),
                RegistryMXBean.class));
        scheduler.schedule(() -> DaemonThreads.named("reload-management").newThread(beans::connect).start(),
                START_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return beans;
    }

    synchronized void add(Engine engine, PluginStats stats) {
        ObjectName name = ManagementNames.plugin(stats.id());
        Supplier<OwnBean> bean = () -> new OwnBean(new PluginBean(engine, stats), PluginMXBean.class);
        if (closed) {
            return;
        }
        if (server == null) {
            pending.put(name, bean);
        } else {
            register(name, bean);
        }
    }

    /** Registers nothing more; what is registered stays, as the JVM is exiting. */
    synchronized void stop() {
        closed = true;
        pending.clear();
    }

    /**
     * Takes away the beans this runtime registered, and only those: a name that another runtime in the JVM has taken
     * over since keeps that runtime's bean. The server offers no conditional unregister: a takeover in the moment
     * between the check and the unregister would still lose its bean.
     */
    synchronized void unregister() {
        stop();
        registered.forEach((name, bean) -> {
            if (!bean.registered()) {
                return;
            }
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException ignored) {
                // Already gone.
            } catch (JMException e) {
                LOG.warn("cannot unregister " + name + ": " + e);
            }
        });
        registered.clear();
    }

    private void connect() {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        synchronized (this) {
            if (closed) {
                return;
            }
            server = platform;
            pending.forEach(this::register);
            pending.clear();
        }
    }

    private void register(ObjectName objectName, Supplier<OwnBean> bean) {
        try {
            OwnBean mbean = bean.get();
            try {
                server.registerMBean(mbean, objectName);
            } catch (InstanceAlreadyExistsException e) {
                // Left by a runtime of this JVM that was not closed; the running one is what management must see.
                try {
                    server.unregisterMBean(objectName);
                } catch (InstanceNotFoundException goneMeanwhile) {
                    // Its runtime took it away itself in between.
                }
                server.registerMBean(mbean, objectName);
            }
            registered.put(objectName, mbean);
        } catch (JMException e) {
            LOG.warn("cannot register " + objectName + " for management: " + e);
        }
    }
}
