package dev.reload.runtime.engine;

import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.event.DaemonThreads;
import dev.reload.runtime.exploded.ExplodedPlugins;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.retire.Retirer;
import dev.reload.runtime.watch.ConfigFiles;
import dev.reload.runtime.watch.PluginDirectory.Scan;
import dev.reload.runtime.watch.PluginDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the highest version of each plugin in the directory active. A small coordinator: it starts and stops the
 * watch, the signals, management and the one thread that decides, and hands each scan to the {@link Reconciler}.
 * What serves is each plugin's {@link Deployment}; {@link Activation} changes it; the {@link Retirer} closes what it
 * replaced; {@link Refusals} remembers what was refused and when to try it again.
 */
public final class Engine {

    private static final Log LOG = Log.get(Engine.class);

    private final ReloadOptions options;
    private final JarLimits limits;
    private final ClassLoader host;
    private final PluginDirectory files;
    private final ExplodedPlugins exploded;
    private final DirectoryView directory;
    private final EngineThread thread = new EngineThread(this::scan);
    private final ExecutorService watcherThreads;
    private final Retirer retirer;
    private final Deployments deployments = new Deployments();
    private final Refusals refusals = new Refusals(deployments);
    private final BadVersions badVersions = new BadVersions();
    private final Bake bake;
    private final Activation activation;
    private final ConfigChanges configs;
    private final Reconciler reconciler;
    private final ApplicationLoader application;
    private final Operations operations = new Operations(this);
    private final Stopping stopping;
    private volatile ManagementBeans beans;
    private Pins pins;
    private Loaders loaders;
    private WatchKeeper watch;
    private HangupSignal hangup;

    /**
     * @param directory the plugins directory, absolute
     * @param options   the runtime's options
     * @param host      where service interfaces are taken from
     */
    public Engine(Path directory, ReloadOptions options, ClassLoader host) {
        this.options = options;
        this.limits = new JarLimits(options.maxJarEntries(), options.maxJarSize());
        this.host = host;
        this.application = new ApplicationLoader(host, options.hostClassLoader() == null);
        this.files = new PluginDirectory(directory, options.settleTime(), options.incompleteJarGrace(), limits,
                options.strictPermissions());
        // A watcher's loop holds its thread until the watcher closes; a re-created one needs a thread of its own.
        this.watcherThreads = Executors.newCachedThreadPool(DaemonThreads.named("reload-watcher"));
        this.exploded = new ExplodedPlugins(directory, new ExplodedPlugins.Settings(options.devMode(),
                options.devQuietPeriod(), limits, options.strictPermissions(), options.trustStore() != null),
                options.watch() ? thread::requestScan : null, watcherThreads);
        this.directory = new DirectoryView(files, exploded);
        this.retirer = new Retirer(options.drainTimeout(), options.leakCheckAfter(), options.leakCheckGc());
        this.bake = new Bake(options, badVersions, this.directory, this::settleNow);
        this.activation = new Activation(deployments, retirer, options.drainTimeout(), directory, bake);
        this.configs = new ConfigChanges(new ConfigFiles(directory, options.settleTime(), options.strictPermissions()),
                refusals, activation, thread, files);
        this.reconciler = new Reconciler(this.directory, deployments, refusals, activation, configs, thread,
                application, badVersions);
        this.stopping = new Stopping(thread, deployments, activation, retirer, options.drainTimeout());
    }

    /**
     * Loads every jar already in the directory, routes the proxies to them, then starts watching. Returns when the
     * first scan is done, so the application's first call is served.
     *
     * @throws IOException if the directory cannot be created, read or watched
     */
    public void start() throws IOException {
        Path dir = directory.path();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("the plugins path " + dir + " is not a directory");
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            LOG.info("created the plugins directory " + dir);
        }
        String untrusted = files.untrusted();
        if (untrusted != null) {
            throw new IOException(untrusted);
        }
        loaders = Loaders.create(options, host, limits, dir);
        exploded.useSnapshots(loaders.copies());
        pins = Pins.read(dir);
        pins.all().forEach((id, version) -> deployments.of(id).stats().pinned(version));
        activation.useTimer(loaders.timed());
        configs.useLoader(loaders.timed());
        reconciler.use(loaders.timed(), pins);
        activation.route();
        Routing.get().useRuntime(this::serviceRequested, refusals::describeMissing);
        try {
            thread.submit(() -> {
                scanAndSettle(true);
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the plugins in " + dir, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot load the plugins in " + dir + ": " + e.getCause(), e.getCause());
        }
        if (options.watch()) {
            watch = new WatchKeeper(dir, this::requestScan, watcherThreads);
            watch.start();
            thread.every(Duration.ofSeconds(1), this::checkDirectory);
        }
        if (options.poll() != null) {
            thread.every(options.poll(), this::requestScan);
        }
        bake.start(thread);
        if (options.sighup()) {
            hangup = HangupSignal.install(this::requestScan);
        }
        beans = ManagementBeans.start(this, thread.scheduler());
        deployments.publishTo(stats -> beans.add(this, stats));
        // A jar that arrived between the first scan and the watch is caught by this one.
        requestScan();
        LOG.info((options.watch() ? "watching " : "not watching ") + dir + " ("
                + deployments.activeVersions().size() + " plugin(s) active" + (options.poll() == null ? ""
                : ", rescanning every " + options.poll().toMillis() + " ms")
                + (hangup == null ? "" : ", rescanning on SIGHUP") + ")");
    }

    public Path directory() {
        return directory.path();
    }

    /** Queues a scan of the directory; scans requested while one is queued coalesce into it. */
    public void requestScan() {
        thread.requestScan();
    }

    private void scan() {
        try {
            scanAndSettle(false);
        } catch (RuntimeException | LinkageError e) {
            // The engine's thread must outlive any one bad scan: the next file event or rescan tries again.
            LOG.error("scanning " + directory.path() + " failed", e);
        }
    }

    private void checkDirectory() {
        if (!thread.closing() && watch != null && watch.check()) {
            scan();
        }
    }

    private void scanAndSettle(boolean first) {
        Scan scan = directory.read(first);
        if (scan != null) {
            reconciler.settleAll(scan, first, first);
        }
    }

    /**
     * The application asks for {@code service}, from any thread. When that tells where the application's classes
     * are, the plugins load against them before this returns, so that the first call on the proxy is served.
     */
    private void serviceRequested(Class<?> service) {
        if (thread.closing() || thread.isCurrent() || !application.changesOn(service)) {
            return;
        }
        long limit = 2 * options.instantiateTimeout().toMillis() + 5_000;
        try {
            thread.submit(() -> {
                applicationAsked(service);
                return null;
            }).get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: there is nothing to load.
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("loading the plugins for " + service.getName() + " did not finish: " + e
                    + "; they go on loading in the background");
        }
    }

    private void applicationAsked(Class<?> service) {
        boolean first = application.awaitingApplication();
        ClassLoader next = application.asked(service);
        if (next == null && !first) {
            return;
        }
        if (next != null) {
            loaders.useHost(next);
            LOG.info("the application's classes are in " + next + " (it has " + service.getName()
                    + "); plugins load against that class loader from now on");
            // What serves was loaded against the previous loader: load it again against this one.
            deployments.all().forEach(Deployment::forgetFile);
        }
        refusals.takeForApplicationLoader(next != null).forEach(directory::retry);
        scanAndSettle(true);
    }

    // What operations and management use, on the engine's thread unless said otherwise.

    /** @return what the directory holds now, without waiting for files to settle, or {@code null} */
    Scan readDirectory() {
        return directory.read(true);
    }

    /** Settles every plugin on this thread, reading the files as they are now: what an operation decides on. */
    void settleNow(Scan scan) {
        reconciler.settleAll(scan, true, true);
    }

    /** Settles like {@link #settleNow}, but tries only the pinned version of {@code id}. */
    void settlePinning(String id, Scan scan) {
        reconciler.settlePinning(id, scan);
    }

    /** @return every plugin's figures, for management; read from any thread */
    Map<String, PluginStats> stats() {
        return deployments.stats();
    }

    /** @return the figures of {@code id}, created and handed to management the first time it is seen */
    PluginStats statsOf(String id) {
        return deployments.of(id).stats();
    }

    /** @return what is refused now for {@code id}, file and reason; read from any thread */
    List<String> refusedOf(String id) {
        return refusals.describe(id);
    }

    ReloadOptions options() {
        return options;
    }

    Operations operations() {
        return operations;
    }

    /** @return whether the engine is closing or closed; read from any thread */
    boolean closing() {
        return thread.closing();
    }

    /** Runs {@code task} on the engine's thread; throws {@link RejectedExecutionException} once it is closed. */
    <T> Future<T> submit(Callable<T> task) {
        return thread.submit(task);
    }

    List<CompletableFuture<LoadedPlugin>> loadsInFlight() {
        return deployments.loadsInFlight();
    }

    /** Has every refusal also go to {@code into}, until called with {@code null}. */
    void collectRejections(List<String> into) {
        refusals.collectForOperation(into);
    }

    Pins pins() {
        return pins;
    }

    /** @return the version of {@code id} that serves, or {@code null} */
    LoadedPlugin activeOf(String id) {
        return deployments.activeOf(id);
    }

    /** @return the versions {@code id} had active, oldest first: the engine's own, which a roll-back trims */
    Deque<String> history(String id) {
        return deployments.of(id).history();
    }

    /** @return the jars marked bad because their version failed its bake */
    BadVersions badVersions() {
        return badVersions;
    }

    /** @return the versions of {@code id} marked bad because they failed their bake; read from any thread */
    public Collection<String> badVersionsOf(String id) {
        return List.copyOf(badVersions.of(id).keySet());
    }

    /** An operator asked: configuration files refused so far are tried, and reported, again. */
    void forgetRefusedConfigs() {
        refusals.forgetConfigs();
    }

    /** An operator asked: the jars refused only because their handover ran out of time are candidates again. */
    void retryRefusedHandovers() {
        refusals.takeOperatorRetries().forEach(directory::retry);
    }

    /** @return why the last read of the directory was refused as untrusted, or {@code null} */
    String lastUntrusted() {
        return directory.lastUntrusted();
    }

    /**
     * Stops watching, makes every service unavailable, and retires every version: waits up to the drain timeout for
     * calls in flight, after which retirement goes on in the background until the last call returns.
     */
    public void close() {
        if (!thread.startClosing()) {
            return;
        }
        Routing.get().useRuntime(null, null);
        try {
            stopping.close(this::closeWatcher, () -> watcherThreads.shutdownNow());
        } finally {
            stopWorkers();
        }
        stopManagement(true);
        deleteCopies();
    }

    /**
     * The JVM is going down: stops swapping, lets the calls in flight finish for up to {@code timeout}, then closes
     * every active and retiring version exactly once. Calls still running when the time is up are logged as
     * abandoned, and their versions are not closed under them.
     *
     * @param timeout how long to wait for calls in flight, all versions together
     */
    public void shutdown(Duration timeout) {
        if (!thread.startClosing()) {
            return;
        }
        Routing.get().useRuntime(null, null);
        try {
            stopping.shutdown(timeout, this::closeWatcher, () -> watcherThreads.shutdownNow());
        } finally {
            stopWorkers();
        }
        stopManagement(false);
        deleteCopies();
    }

    private void stopWorkers() {
        retirer.shutdown();
        if (loaders != null) {
            loaders.shutdown();
        }
    }

    /** @param unregister whether to take the MBeans away: not worth the time when the JVM is exiting */
    private void stopManagement(boolean unregister) {
        deployments.stats().values().forEach(PluginStats::stopped);
        if (beans != null && unregister) {
            beans.unregister();
        } else if (beans != null) {
            beans.stop();
        }
    }

    private void closeWatcher() {
        if (watch != null) {
            watch.close();
        }
        exploded.close();
        if (hangup != null) {
            hangup.uninstall();
            hangup = null;
        }
    }

    private void deleteCopies() {
        if (loaders != null) {
            loaders.deleteCopies();
        }
    }
}
