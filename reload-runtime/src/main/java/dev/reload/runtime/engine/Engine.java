package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginLoader;
import dev.reload.runtime.plugin.PluginRejectedException;
import dev.reload.runtime.trust.SignatureCheck;
import dev.reload.runtime.verify.LinkageVerifier;
import dev.reload.runtime.watch.PluginDirectory;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Rejection;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the highest version of each plugin in the directory active: scans on file events, loads new versions in
 * full, points the proxies at them, and hands the versions they replace to the {@link Retirer}.
 *
 * <p>Everything but the public methods runs on one thread, so the engine's state needs no locks; file events only
 * queue a scan.
 */
public final class Engine {

    private static final Log LOG = Log.get(Engine.class);
    private static final Comparator<Candidate> HIGHEST_FIRST = Comparator
            .comparing((Candidate c) -> c.coordinates().version()).reversed()
            .thenComparing(c -> c.file().getFileName().toString());

    private final PluginDirectory directory;
    private final ReloadOptions options;
    private final JarLimits limits;
    private final Duration drainTimeout;
    private final ClassLoader host;
    private final ScheduledExecutorService thread;
    private final ExecutorService watcherThreads;
    private final AtomicBoolean scanQueued = new AtomicBoolean();
    private final Retirer retirer;
    private final Set<String> warnedDuplicates = new HashSet<>();

    private final Map<String, LoadedPlugin> active = new TreeMap<>();
    /** The load in flight for a plugin id; the id's next decision waits for it. */
    private final Map<String, CompletableFuture<LoadedPlugin>> loading = new HashMap<>();
    /** Which observation of its file each active version was loaded from. */
    private final Map<String, Long> loadedFrom = new HashMap<>();
    private final List<CompletableFuture<Void>> retiring = new ArrayList<>();

    private Path copies;
    private TimedLoader loader;
    private WatchKeeper watch;
    private HangupSignal hangup;
    private String lastUntrusted;
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param directory the plugins directory, absolute
     * @param options   the runtime's options
     * @param host      where service interfaces are taken from
     */
    public Engine(Path directory, ReloadOptions options, ClassLoader host) {
        this.options = options;
        this.limits = new JarLimits(options.maxJarEntries(), options.maxJarSize());
        this.directory = new PluginDirectory(directory, options.settleTime(),
                limits,
                options.strictPermissions());
        this.drainTimeout = options.drainTimeout();
        this.host = host;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reload-engine"));
        // A watcher's loop holds its thread until the watcher closes; a re-created one needs a thread of its own.
        this.watcherThreads = Executors.newCachedThreadPool(DaemonThreads.named("reload-watcher"));
        this.retirer = new Retirer(drainTimeout, options.leakCheckAfter(), options.leakCheckGc());
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
        String untrusted = directory.untrusted();
        if (untrusted != null) {
            throw new IOException(untrusted);
        }
        copies = PrivateCopies.create();
        SignatureCheck signatures = options.trustStore() == null ? null
                : new SignatureCheck(options.trustStore(), options.trustStorePassword());
        LinkageVerifier linkage = options.verifyLinkage() ? new LinkageVerifier(host) : null;
        loader = new TimedLoader(new PluginLoader(host, copies, limits, signatures, linkage), options.instantiateTimeout());
        Routing.get().update(Map.of(), dir);
        try {
            thread.submit(() -> scan(true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the plugins in " + dir, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot load the plugins in " + dir + ": " + e.getCause(), e.getCause());
        }
        if (options.watch()) {
            watch = new WatchKeeper(dir, this::requestScan, watcherThreads);
            watch.start();
            thread.scheduleWithFixedDelay(this::checkDirectory, 1, 1, TimeUnit.SECONDS);
        }
        if (options.poll() != null) {
            long period = options.poll().toMillis();
            thread.scheduleWithFixedDelay(this::requestScan, period, period, TimeUnit.MILLISECONDS);
        }
        if (options.sighup()) {
            hangup = HangupSignal.install(this::requestScan);
        }
        // A jar that arrived between the first scan and the watch is caught by this one.
        requestScan();
        LOG.info((options.watch() ? "watching " : "not watching ") + dir + " (" + active.size()
                + " plugin(s) active" + (options.poll() == null ? "" : ", rescanning every "
                + options.poll().toMillis() + " ms") + (hangup == null ? "" : ", rescanning on SIGHUP") + ")");
    }

    public Path directory() {
        return directory.path();
    }

    /** Queues a scan of the directory; scans requested while one is queued coalesce into it. */
    public void requestScan() {
        if (!closing.get() && scanQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> scan(false));
            } catch (RejectedExecutionException e) {
                scanQueued.set(false);
            }
        }
    }

    private void scan(boolean first) {
        scanQueued.set(false);
        if (closing.get()) {
            return;
        }
        try {
            scanAndSettle(first);
        } catch (RuntimeException | LinkageError e) {
            // The engine's thread must outlive any one bad scan: the next file event or rescan tries again.
            LOG.error("scanning " + directory.path() + " failed", e);
        }
    }

    private void checkDirectory() {
        if (!closing.get() && watch != null && watch.check()) {
            scan(false);
        }
    }

    private void scanAndSettle(boolean first) {
        String untrusted = directory.untrusted();
        if (untrusted != null) {
            if (!untrusted.equals(lastUntrusted)) {
                lastUntrusted = untrusted;
                LOG.warn("not loading from " + directory.path() + ", the active versions keep serving: " + untrusted);
            }
            return;
        }
        lastUntrusted = null;
        Scan scan;
        try {
            scan = directory.scan(first);
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Reported once by checkDirectory; what was active keeps serving.
            return;
        } catch (IOException e) {
            LOG.warn("cannot read the plugins directory " + directory.path() + ": " + e);
            return;
        }
        for (Rejection rejection : scan.rejections()) {
            reject(rejection.file(), rejection.reason());
        }
        Map<String, List<Candidate>> byId = new TreeMap<>();
        for (Candidate candidate : scan.candidates()) {
            byId.computeIfAbsent(candidate.coordinates().id(), k -> new ArrayList<>()).add(candidate);
        }
        Set<String> ids = new TreeSet<>(byId.keySet());
        ids.addAll(active.keySet());
        for (String id : ids) {
            settlePlugin(id, byId.getOrDefault(id, new ArrayList<>()), scan.present(), first);
        }
        if (scan.settleAgain() != null && !closing.get()) {
            thread.schedule(this::requestScan, scan.settleAgain().toNanos() + 1_000_000, TimeUnit.NANOSECONDS);
        }
    }

    private void settlePlugin(String id, List<Candidate> candidates, Map<Path, Boolean> present, boolean wait) {
        if (loading.containsKey(id)) {
            return;
        }
        LoadedPlugin current = active.get(id);
        // The active jar's file is being rewritten, or was rewritten into something unusable: the version already
        // loaded from it keeps serving until a good jar settles, unless a higher version arrives meanwhile.
        boolean currentHeld = current != null && Boolean.FALSE.equals(present.get(current.file()));
        if (currentHeld) {
            candidates.removeIf(c -> c.coordinates().version().compareTo(current.coordinates().version()) <= 0);
        }
        candidates.sort(HIGHEST_FIRST);
        warnDuplicates(candidates);
        for (Candidate candidate : candidates) {
            if (current != null && current.file().equals(candidate.file())
                    && Long.valueOf(candidate.observation()).equals(loadedFrom.get(id))) {
                return;
            }
            CompletableFuture<LoadedPlugin> load = loader.load(candidate.file(), candidate.coordinates());
            if (!wait) {
                loading.put(id, load);
                load.whenComplete((loaded, failure) -> onEngineThread(
                        () -> loadFinished(id, candidate, load, loaded, failure),
                        () -> discardIfLoaded(loaded)));
                return;
            }
            LoadedPlugin loaded = awaitLoad(candidate, load);
            if (loaded != null) {
                activateLoaded(id, candidate, loaded);
                return;
            }
        }
        if (current != null && !currentHeld) {
            loadedFrom.remove(id);
            activate(id, current, null);
        }
    }

    /** Start-up waits for every load, so that {@code main} finds the services ready. */
    private LoadedPlugin awaitLoad(Candidate candidate, CompletableFuture<LoadedPlugin> load) {
        try {
            return load.join();
        } catch (CompletionException e) {
            directory.reject(candidate);
            reject(candidate.file(), reason(e.getCause()));
            return null;
        }
    }

    private void loadFinished(String id, Candidate candidate, CompletableFuture<LoadedPlugin> load,
                              LoadedPlugin loaded, Throwable failure) {
        if (loading.get(id) != load) {
            discardIfLoaded(loaded);
            return;
        }
        loading.remove(id);
        if (failure != null) {
            directory.reject(candidate);
            reject(candidate.file(), reason(failure));
        } else if (closing.get() || !directory.isCurrent(candidate)) {
            // The file changed or went away while it loaded: what it held then is not what the directory says now.
            discardIfLoaded(loaded);
        } else {
            activateLoaded(id, candidate, loaded);
        }
        // The decision for this id waited for the load; the directory may have moved on meanwhile.
        requestScan();
    }

    private void activateLoaded(String id, Candidate candidate, LoadedPlugin loaded) {
        LOG.info(loaded.id() + " " + loaded.version() + ": loaded from " + candidate.file().getFileName()
                + " (" + loaded.services().size() + " service(s))");
        EventBus.get().publish(new ReloadEvent.Loaded(loaded.id(), loaded.version()));
        loadedFrom.put(id, candidate.observation());
        activate(id, active.get(id), loaded);
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof PluginRejectedException ? cause.getMessage() : String.valueOf(cause);
    }

    private void onEngineThread(Runnable task, Runnable ifClosed) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            ifClosed.run();
        }
    }

    private static void discardIfLoaded(LoadedPlugin loaded) {
        if (loaded != null) {
            TimedLoader.discard(loaded);
        }
    }

    private void activate(String id, LoadedPlugin from, LoadedPlugin to) {
        if (to == null) {
            active.remove(id);
        } else {
            active.put(id, to);
        }
        Routing.get().update(active, directory.path());
        Set<Class<?>> services = new LinkedHashSet<>();
        if (from != null) {
            services.addAll(from.services());
        }
        if (to != null) {
            services.addAll(to.services());
        }
        String fromVersion = from == null ? null : from.version();
        for (Class<?> service : services) {
            String before = from != null && from.route(service) != null ? fromVersion : null;
            String after = to != null && to.route(service) != null ? to.version() : null;
            EventBus.get().publish(new ReloadEvent.Swapped(service, before, after));
        }
        if (from == null) {
            LOG.info(id + " " + to.version() + ": active");
        } else if (to == null) {
            LOG.info(id + " " + from.version() + ": no jar left, its services are unavailable");
        } else {
            LOG.info(id + ": swapped " + from.version() + " -> " + to.version() + " (" + to.file().getFileName()
                    + ")");
        }
        if (from != null) {
            retire(from);
        }
    }

    private void retire(LoadedPlugin plugin) {
        retiring.removeIf(CompletableFuture::isDone);
        retiring.add(retirer.retire(plugin));
    }

    private void reject(Path file, String reason) {
        LOG.warn("rejected " + file + ": " + reason);
        EventBus.get().publish(new ReloadEvent.Rejected(file, reason));
    }

    private void warnDuplicates(List<Candidate> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            Candidate a = sorted.get(i - 1);
            Candidate b = sorted.get(i);
            if (a.coordinates().version().equals(b.coordinates().version())) {
                String key = a.file() + "|" + b.file();
                if (warnedDuplicates.add(key)) {
                    LOG.warn(a.file().getFileName() + " and " + b.file().getFileName() + " are both "
                            + a.coordinates() + "; using " + a.file().getFileName()
                            + ", the file name that sorts first");
                }
            }
        }
    }

    /**
     * Stops watching, makes every service unavailable, and retires every version: waits up to the drain timeout for
     * calls in flight, after which retirement goes on in the background until the last call returns.
     */
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> all;
        try {
            all = thread.submit(() -> {
                closeWatcher();
                return deactivateAll();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            LOG.warn("closing the runtime failed", e.getCause());
            return;
        } finally {
            thread.shutdown();
            watcherThreads.shutdownNow();
        }
        try {
            all.get(drainTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("calls still running after the drain timeout; their versions close when they return");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("retiring a version failed", e.getCause());
        }
        retirer.shutdown();
        if (loader != null) {
            loader.shutdown();
        }
        deleteCopies();
    }

    /**
     * The JVM is going down: stops swapping, lets the calls in flight finish for up to {@code timeout}, then closes
     * every active and retiring version exactly once. Calls that start meanwhile are still served by the active
     * versions until those are closed. Calls still running when the time is up are logged as abandoned, and their
     * versions are not closed under them.
     *
     * @param timeout how long to wait for calls in flight, all versions together
     */
    public void shutdown(Duration timeout) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture<Void> retiringBefore = thread.submit(() -> {
                closeWatcher();
                return CompletableFuture.allOf(retiring.toArray(new CompletableFuture<?>[0]));
            }).get();
            // Versions already retiring finish first, while the active ones still serve.
            awaitUntil(retiringBefore, deadline);
            List<LoadedPlugin> serving = thread.submit(() -> new ArrayList<>(active.values())).get();
            awaitNoCallsInside(serving, deadline);
            // Only now do calls stop reaching the active versions; any that entered since are drained before close.
            awaitUntil(thread.submit(this::deactivateAll).get(), deadline);
            retirer.reportAbandoned();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("shutting down the runtime failed", e.getCause());
        } finally {
            thread.shutdown();
            watcherThreads.shutdownNow();
            retirer.shutdown();
            if (loader != null) {
                loader.shutdown();
            }
        }
        deleteCopies();
    }

    private static void awaitNoCallsInside(List<LoadedPlugin> versions, long deadline) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            if (versions.stream().allMatch(v -> v.gate().inFlight() == 0)) {
                return;
            }
            Thread.sleep(1);
        }
    }

    private static void awaitUntil(CompletableFuture<Void> done, long deadline) throws InterruptedException {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // What did not finish in time is abandoned by the caller.
        }
    }

    private void closeWatcher() {
        if (watch != null) {
            watch.close();
        }
        if (hangup != null) {
            hangup.uninstall();
            hangup = null;
        }
    }

    private CompletableFuture<Void> deactivateAll() {
        Routing.get().update(Map.of(), null);
        for (LoadedPlugin plugin : active.values()) {
            retire(plugin);
        }
        active.clear();
        loadedFrom.clear();
        // Loads still in flight are discarded when they finish.
        loading.clear();
        return CompletableFuture.allOf(retiring.toArray(new CompletableFuture<?>[0]));
    }

    private void deleteCopies() {
        if (copies != null) {
            PrivateCopies.delete(copies);
        }
    }
}
