package dev.reload.runtime.log;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The application's SLF4J, if it has one with a provider: found in the application's class loaders as they become
 * known, because the SLF4J beside the runtime need not be the application's. The agent runs from the system class
 * path, while an application may bring its libraries in a class loader of its own: a Spring Boot executable jar
 * holds SLF4J and Logback in {@code BOOT-INF/lib}, which only its launcher's class loader sees.
 *
 * <p>Searched, in order: the loaders {@link #consider(ClassLoader) made known}, first of them the runtime's own; then
 * the context class loader of the {@link #follow(Thread) followed thread}, which a launcher sets to the application's
 * loader before it calls the application's {@code main}. Each loader is searched once, at the next message after it
 * became known. The first SLF4J with a provider found is kept for the life of the JVM: an application has one
 * logging system. Until then messages go to standard error.
 *
 * <p>Thread-safe. Loaders are held weakly until one is chosen.
 */
final class ApplicationSlf4j {

    /** Loaders made known and not searched yet, in the order they came. Guarded by this. */
    private final List<WeakReference<ClassLoader>> known = new ArrayList<>();
    /** Guarded by this. */
    private final Map<ClassLoader, Boolean> searched = new WeakHashMap<>();
    /** The loader {@link #consider} saw last, so that the same one again, as it usually is, takes no lock. */
    private volatile WeakReference<ClassLoader> lastConsidered = new WeakReference<>(null);
    private volatile Thread followed;
    private volatile Slf4jBinding found;

    /** @param first the loader to search first, usually the runtime's own; may be {@code null} */
    ApplicationSlf4j(ClassLoader first) {
        consider(first);
    }

    /**
     * Makes a class loader of the application known; it is searched at the next message, unless an SLF4J was found
     * already. Cheap, and free for the loader it was given last: searching is left to that message.
     *
     * @param loader a class loader of the application; {@code null}, the bootstrap loader, is ignored
     */
    void consider(ClassLoader loader) {
        if (loader == null || found != null || lastConsidered.get() == loader) {
            return;
        }
        synchronized (this) {
            if (!searched.containsKey(loader)) {
                known.add(new WeakReference<>(loader));
            }
            lastConsidered = new WeakReference<>(loader);
        }
    }

    /** Searches {@code thread}'s context class loader, whatever it is at the time, until an SLF4J is found. */
    void follow(Thread thread) {
        followed = thread;
    }

    /** @return the application's SLF4J, or {@code null} while none is known: messages go to standard error */
    Slf4jBinding binding() {
        Slf4jBinding binding = found;
        return binding != null ? binding : search();
    }

    /**
     * Looks the loaders up outside the lock: a lookup loads classes in the application's loader, which takes that
     * loader's locks, and a thread holding one of those must never wait here behind it.
     */
    private Slf4jBinding search() {
        ClassLoader next;
        while ((next = nextToSearch()) != null) {
            Slf4jBinding binding = Slf4jBinding.find(next);
            if (binding != null) {
                synchronized (this) {
                    if (found == null) {
                        found = binding;
                        followed = null;
                        known.clear();
                    }
                    return found;
                }
            }
        }
        return found;
    }

    private synchronized ClassLoader nextToSearch() {
        if (found != null) {
            return null;
        }
        while (!known.isEmpty()) {
            ClassLoader loader = known.remove(0).get();
            if (loader != null && searched.put(loader, Boolean.TRUE) == null) {
                return loader;
            }
        }
        Thread thread = followed;
        ClassLoader context = thread == null ? null : thread.getContextClassLoader();
        if (context != null && searched.put(context, Boolean.TRUE) == null) {
            return context;
        }
        return null;
    }
}
