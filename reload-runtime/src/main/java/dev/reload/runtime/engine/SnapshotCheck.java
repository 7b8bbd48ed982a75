package dev.reload.runtime.engine;

import dev.reload.runtime.plugin.PluginClassLoader;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tells whether a snapshot one version exports may be handed to the next. A snapshot that reaches an object of a
 * class the old version's class loader defined, or the class, a reflective handle or the loader itself, would keep
 * that loader, and every class and static it holds, alive for as long as the new version keeps the state: exactly
 * the leak a swap must not cause. The new version could not use such an object anyway, its classes being others.
 *
 * <p>The walk goes through everything the snapshot reaches. JDK objects are opened only through their public API
 * (the JDK's modules are not open to reflection), so containers are looked into and every other JDK object is a
 * leaf. Objects of application classes are opened through their instance fields, and through the public API of the
 * JDK class they extend, if any, whose fields stay closed. The walk is breadth first, so that the path it reports is
 * a shortest one, and it visits each object once, so that cycles end. It never calls code of a class it refuses:
 * an offending object is reported before anything is done with it.
 */
final class SnapshotCheck {

    /** How many distinct objects a snapshot may hold: beyond this, checking it would hold up the swap too long. */
    static final int MAX_OBJECTS = 1_000_000;

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final String VALUE = ".get(";
    private static final int KEY_TEXT_LIMIT = 40;

    private final ClassLoader pluginLoader;
    private final int limit;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Node> queue = new ArrayDeque<>();
    private final Map<Class<?>, List<Field>> fields = new HashMap<>();
    private boolean full;

    private SnapshotCheck(ClassLoader pluginLoader, int limit) {
        this.pluginLoader = Objects.requireNonNull(pluginLoader, "pluginLoader");
        this.limit = limit;
    }

    /**
     * @param snapshot     what the old version exported; may be null
     * @param pluginLoader the old version's class loader
     * @return null when the snapshot may be handed over, else what is wrong, naming the path to the offending
     *         object, e.g. {@code the snapshot holds an object of com.acme.Counter$State (defined by the plugin's
     *         class loader reload:counter@1.0.0#3) at snapshot.get("a")[2].value}
     */
    static String problem(Object snapshot, ClassLoader pluginLoader) {
        return problem(snapshot, pluginLoader, MAX_OBJECTS);
    }

    /** As {@link #problem(Object, ClassLoader)}, refusing snapshots of more than {@code limit} objects. */
    static String problem(Object snapshot, ClassLoader pluginLoader, int limit) {
        return new SnapshotCheck(pluginLoader, limit).walk(snapshot);
    }

    private String walk(Object snapshot) {
        offer(snapshot, null, "snapshot", -1, null);
        while (!queue.isEmpty() && !full) {
            Node node = queue.poll();
            String problem;
            try {
                problem = visit(node);
            } catch (RuntimeException | LinkageError e) {
                // A collection changed under the walk, an application container failed or a class of the
                // application cannot be linked: what it holds is unknown, and so is whether it may be handed over.
                problem = "the snapshot could not be walked at " + node.path() + ": " + e.getClass().getName();
            }
            if (problem != null) {
                return problem;
            }
        }
        return full ? "the snapshot is too large to check: it holds more than " + limit + " objects" : null;
    }

    private String visit(Node node) {
        Object o = node.value;
        Class<?> type = o.getClass();
        if (retains(type.getClassLoader())) {
            String kind = type.isHidden() ? ", a lambda or other hidden class," : "";
            return holds("an object of " + name(type) + kind, type.getClassLoader(), node);
        }
        if (o instanceof Class<?> c) {
            return retains(c.getClassLoader()) ? holds("the class " + name(c), c.getClassLoader(), node) : null;
        }
        if (o instanceof ClassLoader l) {
            return retains(l) ? "the snapshot holds " + owner(l) + " itself at " + node.path() : null;
        }
        if (o instanceof Module m) {
            String module = m.isNamed() ? "the module " + m.getName() : "the unnamed module";
            return retains(m.getClassLoader()) ? holds(module, m.getClassLoader(), node) : null;
        }
        if (o instanceof Member m) {
            Class<?> c = m.getDeclaringClass();
            return retains(c.getClassLoader())
                    ? holds("a reflective handle on " + name(c) + "." + m.getName(), c.getClassLoader(), node)
                    : null;
        }
        if (type.isArray()) {
            if (o instanceof Object[] elements) {
                for (int i = 0; i < elements.length && offer(elements[i], node, "[", i, null); i++) {
                    // offer does the work
                }
            }
            return null;
        }
        Class<?> c = type;
        for (; !isJdk(c); c = c.getSuperclass()) {
            for (Field f : fieldsOf(c)) {
                if (!offer(read(f, o), node, "." + f.getName(), -1, null)) {
                    return null;
                }
            }
        }
        return c == Object.class ? null : throughApi(o, node);
    }

    /** Looks into the JDK containers, and a few other JDK types whose public API reveals what they refer to. */
    private String throughApi(Object o, Node node) {
        if (o instanceof Map<?, ?> map) {
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                if (!offer(key, node, ".keySet()[", i, null) || !offer(e.getValue(), node, VALUE, i, key)) {
                    return null;
                }
                i++;
            }
        }
        // Only collections: an arbitrary Iterable may be consumed or may load classes when iterated (a
        // DirectoryStream, a ServiceLoader), and the JDK has no Iterable that holds state apart from those.
        if (o instanceof Collection<?> elements) {
            int i = 0;
            for (Object element : elements) {
                if (!offer(element, node, "[", i++, null)) {
                    return null;
                }
            }
        }
        if (o instanceof SortedMap<?, ?> sorted) {
            offer(sorted.comparator(), node, ".comparator()", -1, null);
        }
        if (o instanceof SortedSet<?> sorted) {
            offer(sorted.comparator(), node, ".comparator()", -1, null);
        }
        if (o instanceof PriorityQueue<?> queued) {
            offer(queued.comparator(), node, ".comparator()", -1, null);
        }
        if (o instanceof Map.Entry<?, ?> entry) {
            offer(entry.getKey(), node, ".getKey()", -1, null);
            offer(entry.getValue(), node, ".getValue()", -1, null);
        }
        if (o instanceof Optional<?> optional) {
            offer(optional.orElse(null), node, ".get()", -1, null);
        }
        if (o instanceof AtomicReference<?> ref) {
            offer(ref.get(), node, ".get()", -1, null);
        }
        if (o instanceof AtomicReferenceArray<?> array) {
            for (int i = 0; i < array.length() && offer(array.get(i), node, "[", i, null); i++) {
                // offer does the work
            }
        }
        if (o instanceof Reference<?> ref) {
            // Weakly held is still held: the new version may read it at any time until the collector runs.
            offer(ref.get(), node, ".get()", -1, null);
        }
        if (Proxy.isProxyClass(o.getClass())) {
            offer(Proxy.getInvocationHandler(o), node, ".invocationHandler", -1, null);
        }
        if (o instanceof Throwable t) {
            return throwable(t, node);
        }
        return null;
    }

    /**
     * A throwable keeps the classes of the frames it was thrown through alive, to describe them in its stack trace,
     * however it was created: one that passed through the old version's code holds its loader.
     */
    private String throwable(Throwable t, Node node) {
        String loaderName = pluginLoader.getName();
        if (loaderName != null) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (loaderName.equals(frame.getClassLoaderName())) {
                    return "the snapshot holds a " + t.getClass().getName() + " whose stack trace runs through "
                            + frame.getClassName() + " (defined by " + owner(pluginLoader) + ") at " + node.path();
                }
            }
        }
        offer(t.getCause(), node, ".getCause()", -1, null);
        Throwable[] suppressed = t.getSuppressed();
        for (int i = 0; i < suppressed.length && offer(suppressed[i], node, ".getSuppressed()[", i, null); i++) {
            // offer does the work
        }
        return null;
    }

    /** @return false when the snapshot holds more objects than allowed, which ends the walk */
    private boolean offer(Object value, Node parent, String step, int index, Object key) {
        if (value == null || full) {
            return !full;
        }
        if (seen.contains(value)) {
            return true;
        }
        if (seen.size() >= limit) {
            full = true;
            return false;
        }
        seen.add(value);
        queue.add(new Node(value, parent, step, index, key));
        return true;
    }

    /** @return whether a class of this loader, or the loader itself, would keep a plugin's loader alive */
    private boolean retains(ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == pluginLoader || l instanceof PluginClassLoader) {
                return true;
            }
        }
        return false;
    }

    private String holds(String what, ClassLoader loader, Node node) {
        return "the snapshot holds " + what + " (defined by " + owner(loader) + ") at " + node.path();
    }

    private String owner(ClassLoader loader) {
        String name = loader.getName() != null
                ? loader.getName()
                : loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
        if (loader == pluginLoader) {
            return "the plugin's class loader " + name;
        }
        for (ClassLoader l = loader.getParent(); l != null; l = l.getParent()) {
            if (l == pluginLoader) {
                return "the class loader " + name + ", a descendant of the plugin's";
            }
        }
        return "the class loader " + name + " of another plugin";
    }

    private List<Field> fieldsOf(Class<?> c) {
        return fields.computeIfAbsent(c, SnapshotCheck::referenceFields);
    }

    /** The instance fields that may refer to an object; none when the class's module is not open to the runtime. */
    private static List<Field> referenceFields(Class<?> c) {
        List<Field> result = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive() && f.trySetAccessible()) {
                result.add(f);
            }
        }
        return List.copyOf(result);
    }

    private static Object read(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("made accessible, yet refused: " + f, e);
        }
    }

    /** Defined by the boot or the platform loader: exactly the JDK, as {@link PluginClassLoader#isJdk} sees it. */
    private static boolean isJdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == PLATFORM;
    }

    private static String name(Class<?> c) {
        return c.isArray() ? c.getTypeName() : c.getName();
    }

    /** One object to visit and how it was reached; the path is only spelled out for the object reported. */
    private record Node(Object value, Node parent, String step, int index, Object key) {

        String path() {
            StringBuilder path = new StringBuilder();
            for (Node n = this; n != null; n = n.parent) {
                path.insert(0, n.text());
            }
            return path.toString();
        }

        private String text() {
            if (step.equals(VALUE)) {
                String key = keyText(this.key);
                return key != null ? VALUE + key + ")" : ".values()[" + index + "]";
            }
            return index < 0 ? step : step + index + "]";
        }

        /** @return the key as a literal when it is a plain JDK value, whose text runs no foreign code; else null */
        private static String keyText(Object key) {
            if (key == null || key instanceof Boolean || key instanceof UUID) {
                return String.valueOf(key);
            }
            if (key instanceof String s) {
                String shown = s.length() > KEY_TEXT_LIMIT ? s.substring(0, KEY_TEXT_LIMIT) + "..." : s;
                return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
            }
            if (key instanceof Character c) {
                return "'" + c + "'";
            }
            if (key instanceof Enum<?> e) {
                return e.getDeclaringClass().getSimpleName() + "." + e.name();
            }
            if (key instanceof Number && isJdk(key.getClass())) {
                return key.toString();
            }
            return null;
        }
    }
}
