package dev.reload.runtime.manage;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The object names the runtime registers its MBeans under: {@code dev.reload:type=Registry}, and
 * {@code dev.reload:type=Plugin,name=<plugin id>} per plugin, the id quoted only when it holds a character that an
 * object name reserves (plugin ids are file-name parts, so that is rare).
 */
public final class ManagementNames {

    /** The domain of every reload MBean. */
    public static final String DOMAIN = "dev.reload";

    /** {@code dev.reload:type=Registry}, the runtime as a whole. */
    public static final ObjectName REGISTRY = name(DOMAIN + ":type=Registry");

    /** {@code dev.reload:type=Plugin,*}, every plugin's MBean, for queries. */
    public static final ObjectName PLUGINS = name(DOMAIN + ":type=Plugin,*");

    /** {@code dev.reload:type=Fleet}, the repository followed, when the {@code fleet} option is set. */
    public static final ObjectName FLEET = name(DOMAIN + ":type=Fleet");

    private static final String RESERVED = ",=:\"*?\n";

    private ManagementNames() {
    }

    /**
     * @param id a plugin id
     * @return the name of the plugin's MBean
     * @throws IllegalArgumentException if no object name can hold the id
     */
    public static ObjectName plugin(String id) {
        boolean reserved = id.chars().anyMatch(c -> RESERVED.indexOf(c) >= 0);
        return name(DOMAIN + ":type=Plugin,name=" + (reserved ? ObjectName.quote(id) : id));
    }

    /**
     * @param plugin the name of a plugin's MBean
     * @return the plugin id in it, unquoted
     */
    public static String pluginId(ObjectName plugin) {
        String name = plugin.getKeyProperty("name");
        return name.startsWith("\"") ? ObjectName.unquote(name) : name;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
