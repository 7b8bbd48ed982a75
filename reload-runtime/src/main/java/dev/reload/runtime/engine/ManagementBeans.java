package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.runtime.manage.RegistryMXBean;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's MBeans in the platform MBean server, where JConsole, VisualVM and the command line find them:
 * {@code dev.reload:type=Registry}, and {@code dev.reload:type=Plugin,name=<id>} per plugin.
 *
 * <p>The platform MBean server takes about 100 ms to create in a JVM that has not used it yet, so it is created on
 * a thread of its own: the agent adds nothing to the time before {@code main} for it. Beans added before it is ready
 * are registered as soon as it is.
 */
final class ManagementBeans {

    static final String DOMAIN = "dev.reload";
    private static final Log LOG = Log.get(ManagementBeans.class);

    private final Map<String, StandardMBean> pending = new LinkedHashMap<>();
    private final List<ObjectName> registered = new ArrayList<>();
    private MBeanServer server;
    private boolean closed;

    private ManagementBeans() {
    }

    /** Registers the registry bean of {@code engine}, and later the beans {@link #add}ed, in the background. */
    static ManagementBeans start(Engine engine) {
        ManagementBeans beans = new ManagementBeans();
        beans.pending.put(DOMAIN + ":type=Registry", new StandardMBean(new RegistryBean(engine),
                RegistryMXBean.class, true));
        DaemonThreads.named("reload-management").newThread(beans::connect).start();
        return beans;
    }

    synchronized void add(Engine engine, PluginStats stats) {
        String name = DOMAIN + ":type=Plugin,name=" + quoteIfNeeded(stats.id());
        StandardMBean bean = new StandardMBean(new PluginBean(engine, stats), PluginMXBean.class, true);
        if (closed) {
            return;
        }
        if (server == null) {
            pending.put(name, bean);
        } else {
            register(name, bean);
        }
    }

    synchronized void unregister() {
        closed = true;
        pending.clear();
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException ignored) {
                // Already gone.
            } catch (JMException e) {
                LOG.warn("cannot unregister " + name + ": " + e);
            }
        }
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

    private void register(String name, StandardMBean bean) {
        try {
            ObjectName objectName = new ObjectName(name);
            try {
                server.registerMBean(bean, objectName);
            } catch (InstanceAlreadyExistsException e) {
                // Left by a runtime of this JVM that was not closed; the running one is what management must see.
                server.unregisterMBean(objectName);
                server.registerMBean(bean, objectName);
            }
            registered.add(objectName);
        } catch (JMException e) {
            LOG.warn("cannot register " + name + " for management: " + e);
        }
    }

    /** Plugin ids are file-name parts; only the characters an object name reserves need quoting. */
    private static String quoteIfNeeded(String id) {
        for (char c : id.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(id);
            }
        }
        return id;
    }
}
