package dev.reload.runtime.leak;

import java.util.List;
import java.util.Objects;

/**
 * Says what keeps a retired plugin's class loader reachable, so that a version that does not unload can be fixed
 * rather than guessed at; and makes the releases that are safe to make for the plugin when it retires.
 *
 * <p>A class belongs to the plugin when its class loader is the plugin's loader or a descendant of it. The finder
 * looks where a servlet container looks when it undeploys an application:
 * <ul>
 *   <li>live threads that are plugin classes, run a plugin Runnable, were created by plugin code, have a plugin
 *       context class loader or uncaught exception handler, are running plugin code, or are timer threads whose queue
 *       holds plugin tasks; and a plugin default uncaught exception handler;</li>
 *   <li>thread-local values, in every live thread, of a plugin class or in a thread local of a plugin class;</li>
 *   <li>plugin JDBC drivers registered with {@link java.sql.DriverManager};</li>
 *   <li>shutdown hooks that are plugin threads or would run plugin code;</li>
 *   <li>{@code java.util.logging} loggers of plugin classes, and plugin handlers, filters, formatters and levels on
 *       any logger.</li>
 * </ul>
 * Thread locals, Runnable targets, creators of threads, shutdown hooks and timer queues are read from private fields
 * of {@code java.base}, which must be open to the finder: see {@link JdkInternals#openJdkInternals}. Without that,
 * the finder checks the rest and says, in one line per closed package, what it skipped and which flag would fix it.
 * The work is done by code in a class loader of its own (see {@link FinderLoader}); this class only hands it over.
 *
 * <p>Thread-safe and stateless but for caches of reflected fields. Neither method keeps a reference to the loader.
 */
public final class LeakFinder {

    private final Inspector inspector = FinderLoader.newInspector();

    /**
     * @param loader a retired plugin's class loader
     * @return one entry per finding, a sentence in plain words; a thread's entry continues with its stack, one
     *         indented {@code at} line per frame. Then one line per kind of check that could not be made, and why.
     *         Empty when nothing the finder knows of holds the loader.
     */
    public List<String> holdersOf(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return inspector.holdersOf(loader);
    }

    /**
     * Releases what the JDK holds for the plugin and only the plugin can have registered: deregisters from
     * {@link java.sql.DriverManager} the JDBC drivers whose class belongs to the plugin. Call it once the version's
     * calls have drained and its instances are closed, whether it retired or was refused; nothing of the plugin may
     * use the drivers afterwards.
     *
     * @param loader a retired or refused plugin's class loader
     * @return one line per action, such as {@code deregistered JDBC driver p.LeakyDriver}, or per action that
     *         failed and why; empty when there was nothing to release
     */
    public List<String> releaseAtRetirement(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return inspector.releaseAtRetirement(loader);
    }
}
