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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime's MBeans in the platform MBean server, where JConsole, VisualVM and the command line find them:
 * {@code dev.reload:type=Registry}, and {@code dev.reload:type=Plugin,name=<id>} per plugin.
 */
final class ManagementBeans {

    static final String DOMAIN = "dev.reload";
    private static final Log LOG = Log.get(ManagementBeans.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Engine engine;
    private final List<ObjectName> registered = new CopyOnWriteArrayList<>();

    private ManagementBeans(Engine engine) {
        this.engine = engine;
    }

    static ManagementBeans register(Engine engine) {
        ManagementBeans beans = new ManagementBeans(engine);
        beans.register(DOMAIN + ":type=Registry", new StandardMBean(new RegistryBean(engine), RegistryMXBean.class,
                true));
        return beans;
    }

    void add(PluginStats stats) {
        register(DOMAIN + ":type=Plugin,name=" + quoteIfNeeded(stats.id()),
                new StandardMBean(new PluginBean(engine, stats), PluginMXBean.class, true));
    }

    void unregister() {
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
