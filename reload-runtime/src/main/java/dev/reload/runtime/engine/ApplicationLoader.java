package dev.reload.runtime.engine;

import dev.reload.runtime.plugin.PluginClassLoader;

/**
 * Which class loader holds the application's classes: where service interfaces are resolved and where plugin class
 * loaders delegate what they share with the application.
 *
 * <p>Unless the application named one, this follows the application. The agent starts before {@code main}, when
 * the only loader there is is the system class loader; a Spring Boot executable jar then loads the application in
 * its launcher's loader, and DevTools in a restart loader that is replaced at every restart. So the loader is taken
 * from the interfaces the application asks for: an interface that the current loader does not have (or has as
 * another class) makes its own loader the application's. Until the application asks for its first service, a jar
 * whose interfaces the current loader lacks is not refused but waits.
 */
final class ApplicationLoader {

    private final boolean follows;
    private volatile ClassLoader current;
    private volatile boolean asked;

    /**
     * @param initial the loader to start with
     * @param follows whether to follow the application's interfaces; {@code false} when the application named it
     */
    ApplicationLoader(ClassLoader initial, boolean follows) {
        this.current = initial;
        this.follows = follows;
        this.asked = !follows;
    }

    ClassLoader current() {
        return current;
    }

    /** @return whether the application has not yet asked for a service, so that a jar may wait for its loader */
    boolean awaitingApplication() {
        return !asked;
    }

    /** @return whether asking for {@code service} changes anything: it is the first ask, or comes from a new loader */
    boolean changesOn(Class<?> service) {
        return follows && (!asked || newLoaderOf(service) != null);
    }

    /**
     * The application asked for {@code service}; call on the engine's thread.
     *
     * @return the application's new class loader, or {@code null} when it stays the same
     */
    ClassLoader asked(Class<?> service) {
        asked = true;
        ClassLoader next = follows ? newLoaderOf(service) : null;
        if (next != null) {
            current = next;
        }
        return next;
    }

    private ClassLoader newLoaderOf(Class<?> service) {
        ClassLoader loader = service.getClassLoader();
        if (loader == null || loader == current || loader instanceof PluginClassLoader) {
            return null;
        }
        return sees(current, service) ? null : loader;
    }

    private static boolean sees(ClassLoader loader, Class<?> type) {
        try {
            return Class.forName(type.getName(), false, loader) == type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
