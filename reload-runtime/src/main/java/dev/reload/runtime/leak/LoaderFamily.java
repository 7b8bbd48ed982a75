package dev.reload.runtime.leak;

import java.util.Collection;
import java.util.Map;

/**
 * A class loader and its descendants: what "belongs to the plugin" means for a class, an object or another loader.
 * It is made for one search and dropped with it, so it never keeps the loader alive.
 */
final class LoaderFamily {

    private final ClassLoader root;

    LoaderFamily(ClassLoader root) {
        this.root = root;
    }

    /** @return the name the root loader gives stack frames, or null */
    String rootName() {
        return root.getName();
    }

    boolean contains(ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == root) {
                return true;
            }
        }
        return false;
    }

    boolean owns(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return contains(c.getClassLoader());
    }

    /** @return whether the object's class belongs to the family, or the object is a loader of the family */
    boolean owns(Object o) {
        return o != null && (owns(o.getClass()) || o instanceof ClassLoader && contains((ClassLoader) o));
    }

    /**
     * Says what of the plugin a value keeps: the value itself, or one element of a JDK collection, map or array, the
     * usual way a thread local or a queue holds plugin objects without being one.
     *
     * @return a description, or null if the value keeps nothing of the plugin
     */
    String heldBy(Object value) {
        if (value == null) {
            return null;
        }
        if (owns(value)) {
            return describe(value);
        }
        // Only JDK containers are walked: a host class's iterator could run arbitrary code on the finder's thread.
        if (value.getClass().getClassLoader() != null) {
            return null;
        }
        try {
            Object element = ownedElement(value);
            return element == null ? null : value.getClass().getName() + " holding " + describe(element);
        } catch (RuntimeException e) {
            // Another thread changed the container while it was walked; what it held a moment ago is no evidence.
            return null;
        }
    }

    private Object ownedElement(Object container) {
        if (container instanceof Collection) {
            return first(((Collection<?>) container).toArray());
        }
        if (container instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) container;
            Object key = first(map.keySet().toArray());
            return key != null ? key : first(map.values().toArray());
        }
        if (container instanceof Object[]) {
            return first((Object[]) container);
        }
        return null;
    }

    private Object first(Object[] elements) {
        for (Object e : elements) {
            if (owns(e)) {
                return e;
            }
        }
        return null;
    }

    String describe(Object o) {
        if (o instanceof ClassLoader && contains((ClassLoader) o)) {
            return "the plugin's class loader " + describeLoader((ClassLoader) o);
        }
        return o.getClass().getName() + " (a plugin class)";
    }

    static String describeLoader(ClassLoader loader) {
        String name = loader.getName();
        return name != null ? name : loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
    }
}
