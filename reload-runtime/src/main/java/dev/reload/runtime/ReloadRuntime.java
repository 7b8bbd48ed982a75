package dev.reload.runtime;

import dev.reload.runtime.engine.Engine;
import dev.reload.runtime.fleet.FleetFollower;
import dev.reload.runtime.log.Log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A running reload engine on one plugins directory, installed behind {@link dev.reload.api.ServiceRegistry}. The agent
 * starts one before {@code main}; tests and frameworks start one themselves:
 *
 * <pre>{@code
 * try (ReloadRuntime runtime = ReloadRuntime.start(Path.of("plugins"))) {
 *     Greeter greeter = ServiceRegistry.get(Greeter.class);
 *     ...
 * }
 * }</pre>
 *
 * <p>One runtime runs at a time in a JVM. Thread-safe.
 */
public final class ReloadRuntime implements AutoCloseable {

    private static final Object LOCK = new Object();
    private static ReloadRuntime running;

    private final ReloadOptions options;
    private final Engine engine;
    /* Set only with the fleet option: the follower's class, and Maven Resolver's, are never loaded otherwise. */
    private FleetFollower fleet;
    private Thread onJvmShutdown;

    private ReloadRuntime(ReloadOptions options, Engine engine) {
        this.options = options;
        this.engine = engine;
    }

    /**
     * Starts a runtime on {@code pluginsDirectory} with the default options.
     *
     * @param pluginsDirectory the directory of plugin jars; created if missing
     * @return the running runtime
     * @throws IllegalStateException if a runtime is already running in this JVM
     * @throws UncheckedIOException  if the plugins directory cannot be created, read or watched
     * @see #start(ReloadOptions)
     */
    public static ReloadRuntime start(Path pluginsDirectory) {
        return start(ReloadOptions.defaults().withPlugins(pluginsDirectory));
    }

    /**
     * Starts a runtime: loads every jar already in the plugins directory (creating the directory if it is missing),
     * routes the proxies of {@link dev.reload.api.ServiceRegistry} to them, and watches the directory. Returns once
     * the jars present have loaded, so the next call on a proxy is served.
     *
     * @param options the options
     * @return the running runtime
     * @throws IllegalStateException if a runtime is already running in this JVM
     * @throws UncheckedIOException  if the plugins directory cannot be created, read or watched
     */
    public static ReloadRuntime start(ReloadOptions options) {
        Objects.requireNonNull(options, "options");
        synchronized (LOCK) {
            if (running != null) {
                throw new IllegalStateException("a reload runtime is already running on " + running.pluginsDirectory()
                        + "; close it before starting another");
            }
            ClassLoader host = options.hostClassLoader();
            if (host == null) {
                host = Thread.currentThread().getContextClassLoader();
            }
            if (host == null) {
                host = ClassLoader.getSystemClassLoader();
            }
            Log.applicationClassLoader(host);
            Path directory = options.plugins().toAbsolutePath().normalize();
            Engine engine = new Engine(directory, options, host);
            try {
                engine.start();
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            } catch (IOException e) {
                engine.close();
                String cause = e.getMessage() == null || e.getMessage().equals(directory.toString())
                        ? e.getClass().getSimpleName() : e.getMessage();
                throw new UncheckedIOException("cannot start reload on " + directory + ": " + cause, e);
            }
            running = new ReloadRuntime(options.withPlugins(directory), engine);
            if (options.fleet() != null) {
                running.fleet = followFleet(options.fleet(), directory, engine);
            }
            running.onJvmShutdown = new Thread(running::shutDownWithJvm, "reload-shutdown");
            Runtime.getRuntime().addShutdownHook(running.onJvmShutdown);
            return running;
        }
    }

    private static FleetFollower followFleet(Path fleetFile, Path directory, Engine engine) {
        try {
            return FleetFollower.start(fleetFile, directory, engine::requestScan, engine::badVersionsOf);
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException("cannot follow the repository of fleet file " + fleetFile + ": " + e, e);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        } catch (NoClassDefFoundError e) {
            engine.close();
            throw new IllegalStateException("the fleet option needs Maven Resolver "
                    + "(org.apache.maven.resolver:maven-resolver-supplier-mvn3) on the class path; the agent jar "
                    + "carries it: " + e.getMessage(), e);
        }
    }

    /** @return the runtime running in this JVM, if any */
    public static Optional<ReloadRuntime> current() {
        synchronized (LOCK) {
            return Optional.ofNullable(running);
        }
    }

    /** @return the absolute plugins directory */
    public Path pluginsDirectory() {
        return options.plugins();
    }

    /** @return the options in force, with the plugins directory made absolute */
    public ReloadOptions options() {
        return options;
    }

    /** Rescans the plugins directory now, as a file event would. Returns at once. */
    public void rescan() {
        engine.requestScan();
    }

    /**
     * Stops watching, makes every service unavailable, and retires every version: calls in flight finish first, up
     * to the drain timeout, and instances are closed after their last call returns. Idempotent.
     */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (fleet != null) {
                fleet.close();
            }
            engine.close();
            if (running == this) {
                running = null;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onJvmShutdown);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or ran.
            }
        }
    }

    /**
     * On JVM shutdown (SIGTERM, SIGINT, {@code System.exit}): no more swaps; calls in flight get up to
     * {@code shutdownTimeout} to finish, while new calls are still served until their version is closed; then every
     * version is closed exactly once.
     */
    private void shutDownWithJvm() {
        if (fleet != null) {
            fleet.close();
        }
        engine.shutdown(options.shutdownTimeout());
    }

    @Override
    public String toString() {
        return "ReloadRuntime[" + options + "]";
    }
}
