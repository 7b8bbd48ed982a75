package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.plugin.PluginLoader;
import dev.reload.runtime.plugin.PluginRejectedException;
import dev.reload.runtime.plugin.PluginVersion;
import dev.reload.runtime.proxy.Hold;
import dev.reload.runtime.trust.SignatureCheck;
import dev.reload.runtime.verify.LinkageVerifier;
import dev.reload.runtime.watch.ConfigFiles;
import dev.reload.runtime.watch.PluginDirectory;
import dev.reload.runtime.watch.PluginWatcher;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Rejection;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the highest version of each plugin in the directory active: scans on file events, loads new versions in
 * full, points the proxies at them, and hands the versions they replace to the {@link Retirer}.
 *
 * <p>Everything but the public methods runs on one thread, so the engine's state needs no locks; file events only
 * queue a scan, and {@link Operations} run their decisions on that thread too.
 */
public final class Engine {

    private static final Log LOG = Log.get(Engine.class);
    /** How many active versions a plugin's roll-back history remembers. */
    private static final int MAX_HISTORY = 100;
    static final Comparator<Candidate> HIGHEST_FIRST = Comparator
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
    /** Per plugin id, read by management from any thread. */
    private final Map<String, PluginStats> stats = new ConcurrentHashMap<>();
    /** Per plugin id, the versions that were active, oldest first, without repeats in a row. */
    private final Map<String, Deque<String>> history = new HashMap<>();
    /** Per plugin id, the observation of its configuration file last refused, so that it is reported once. */
    private final Map<String, Long> refusedConfig = new HashMap<>();
    private final Map<String, PluginConfig> goodConfig = new HashMap<>();
    /** Jars that failed to load, with the configuration they failed with: a new configuration may let them load. */
    private final Map<Path, RefusedLoad> refusedLoads = new HashMap<>();
    private final Set<String> warnedPinMissing = new HashSet<>();
    private final ConfigFiles configs;
    private Pins pins;
    private volatile ManagementBeans beans;
    private final Operations operations = new Operations(this);
    /** Where the refusals of the operation running on the engine's thread go, to answer with. */
    private List<String> operationRejections;
    /** The plugin a pin operation is activating: only its pinned version may be tried, nothing else. */
    private String pinning;
    /** Jars refused because their handover could not finish in time: an operation tries them again. */
    private final Set<Path> handoverRefused = new HashSet<>();

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
        this.configs = new ConfigFiles(directory, options.settleTime(), options.strictPermissions());
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
        loader = new TimedLoader(new PluginLoader(host, copies, limits, signatures, linkage,
                dir.resolve(PluginWatcher.DATA_DIRECTORY)), options.instantiateTimeout());
        pins = Pins.read(dir);
        pins.all().forEach((id, version) -> statsOf(id).pinned(version));
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
        beans = ManagementBeans.start(this, thread);
        stats.values().forEach(s -> beans.add(this, s));
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
        Scan scan = readDirectory(first);
        if (scan != null) {
            settleAll(scan, first, first);
        }
    }

    /** @return what the directory holds, or {@code null} when it cannot be loaded from now */
    Scan readDirectory(boolean trustSettled) {
        String untrusted = directory.untrusted();
        if (untrusted != null) {
            if (!untrusted.equals(lastUntrusted)) {
                lastUntrusted = untrusted;
                LOG.warn("not loading from " + directory.path() + ", the active versions keep serving: " + untrusted);
            }
            return null;
        }
        lastUntrusted = null;
        try {
            return directory.scan(trustSettled);
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Reported once by checkDirectory; what was active keeps serving.
            return null;
        } catch (IOException e) {
            LOG.warn("cannot read the plugins directory " + directory.path() + ": " + e);
            return null;
        }
    }

    /**
     * @param trustSettled read configuration files without waiting for them to settle
     * @param wait         load on this thread, for start-up and operations, instead of in the background
     */
    private void settleAll(Scan scan, boolean trustSettled, boolean wait) {
        for (Rejection rejection : scan.rejections()) {
            reject(rejection.file(), rejection.reason(), idOf(rejection.file()));
        }
        Map<String, List<Candidate>> byId = candidatesById(scan);
        refusedLoads.keySet().retainAll(scan.present().keySet());
        Set<String> ids = new TreeSet<>(byId.keySet());
        ids.addAll(active.keySet());
        for (String id : ids) {
            if (retryUnderNewConfig(id, trustSettled)) {
                requestScan();
            }
            List<Candidate> candidates = byId.getOrDefault(id, new ArrayList<>());
            statsOf(id).present(candidates.stream().sorted(HIGHEST_FIRST)
                    .map(c -> c.coordinates().version().toString()).distinct().toList());
            settlePlugin(id, candidates, scan.present(), wait);
        }
        Duration again = scan.settleAgain();
        for (String id : new ArrayList<>(active.keySet())) {
            Duration configAgain = settleConfig(id, trustSettled, wait);
            if (configAgain != null && (again == null || configAgain.compareTo(again) < 0)) {
                again = configAgain;
            }
        }
        showLoading();
        if (again != null && !closing.get()) {
            thread.schedule(this::requestScan, again.toNanos() + 1_000_000, TimeUnit.NANOSECONDS);
        }
    }

    static Map<String, List<Candidate>> candidatesById(Scan scan) {
        Map<String, List<Candidate>> byId = new TreeMap<>();
        for (Candidate candidate : scan.candidates()) {
            byId.computeIfAbsent(candidate.coordinates().id(), k -> new ArrayList<>()).add(candidate);
        }
        return byId;
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
        pinnedFirst(id, candidates);
        for (Candidate candidate : candidates) {
            if (current != null && current.file().equals(candidate.file())
                    && Long.valueOf(candidate.observation()).equals(loadedFrom.get(id))) {
                return;
            }
            PluginConfig config = configFor(id, wait);
            CompletableFuture<LoadedPlugin> load = loader.load(candidate.file(), candidate.coordinates(), config);
            if (!wait) {
                loading.put(id, load);
                statsOf(id).loading(true);
                load.whenComplete((loaded, failure) -> onEngineThread(
                        () -> loadFinished(id, candidate, config, load, loaded, failure),
                        () -> discardIfLoaded(loaded)));
                return;
            }
            LoadedPlugin loaded = awaitLoad(candidate, config, load);
            if (loaded != null && activateLoaded(id, candidate, loaded)) {
                return;
            }
        }
        if (current != null && !currentHeld && !id.equals(pinning)) {
            loadedFrom.remove(id);
            activate(id, current, null);
        }
    }

    /** A pinned version whose jar is present goes first; the others stay behind it, in case it fails to load. */
    private void pinnedFirst(String id, List<Candidate> candidates) {
        String pin = pins.get(id);
        if (pin == null) {
            warnedPinMissing.remove(id);
            return;
        }
        List<Candidate> pinned = candidates.stream().filter(c -> sameVersion(c, pin)).toList();
        if (id.equals(pinning)) {
            // An operator asked for this version: if it fails, what served before serves on, untouched.
            candidates.retainAll(pinned);
            return;
        }
        if (pinned.isEmpty()) {
            if (!candidates.isEmpty() && warnedPinMissing.add(id)) {
                LOG.warn(id + " is pinned to " + pin + ", but no jar of that version is in " + directory.path()
                        + "; the highest version serves until it is back, or until unpin");
            }
            return;
        }
        warnedPinMissing.remove(id);
        candidates.removeAll(pinned);
        candidates.addAll(0, pinned);
    }

    private static boolean sameVersion(Candidate candidate, String version) {
        return candidate.coordinates().version().compareTo(PluginVersion.parse(version)) == 0;
    }

    /** Start-up waits for every load, so that {@code main} finds the services ready. */
    private LoadedPlugin awaitLoad(Candidate candidate, PluginConfig config, CompletableFuture<LoadedPlugin> load) {
        try {
            return load.join();
        } catch (CompletionException e) {
            loadRefused(candidate, config, e.getCause());
            return null;
        }
    }

    private void loadRefused(Candidate candidate, PluginConfig config, Throwable failure) {
        directory.reject(candidate);
        refusedLoads.put(candidate.file(), new RefusedLoad(candidate.coordinates().id(), config));
        reject(candidate.file(), reason(failure), candidate.coordinates().id());
    }

    /** Makes the jars of {@code id} that failed under another configuration than the file's now candidates again. */
    private boolean retryUnderNewConfig(String id, boolean trustSettled) {
        if (refusedLoads.values().stream().noneMatch(r -> r.id().equals(id))) {
            return false;
        }
        ConfigFiles.Reading reading = configs.read(id, trustSettled);
        if (reading.config() == null) {
            return false;
        }
        return refusedLoads.entrySet().removeIf(e -> {
            if (e.getValue().id().equals(id) && !e.getValue().config().equals(reading.config())) {
                directory.retry(e.getKey());
                return true;
            }
            return false;
        });
    }

    private record RefusedLoad(String id, PluginConfig config) {
    }

    private void loadFinished(String id, Candidate candidate, PluginConfig config,
                              CompletableFuture<LoadedPlugin> load, LoadedPlugin loaded, Throwable failure) {
        if (loading.get(id) != load) {
            discardIfLoaded(loaded);
            return;
        }
        loading.remove(id);
        statsOf(id).loading(false);
        if (failure != null) {
            loadRefused(candidate, config, failure);
        } else if (closing.get() || !directory.isCurrent(candidate)) {
            // The file changed or went away while it loaded: what it held then is not what the directory says now.
            discardIfLoaded(loaded);
        } else {
            activateLoaded(id, candidate, loaded);
        }
        // The decision for this id waited for the load; the directory may have moved on meanwhile.
        requestScan();
    }

    /** @return whether {@code loaded} now serves; if not, it was refused and discarded */
    private boolean activateLoaded(String id, Candidate candidate, LoadedPlugin loaded) {
        LOG.info(loaded.id() + " " + loaded.version() + ": loaded from " + candidate.file().getFileName()
                + " (" + loaded.services().size() + " service(s))");
        EventBus.get().publish(new ReloadEvent.Loaded(loaded.id(), loaded.version()));
        String refused = activate(id, active.get(id), loaded);
        if (refused != null) {
            directory.reject(candidate);
            handoverRefused.add(candidate.file());
            reject(candidate.file(), refused, id);
            return false;
        }
        loadedFrom.put(id, candidate.observation());
        goodConfig.put(id, loaded.config());
        return true;
    }

    /**
     * The configuration a new version of {@code id} starts with: the file's, or while the file is still changing or
     * is refused, the last one applied; the scan after the file settles applies it.
     */
    private PluginConfig configFor(String id, boolean trustSettled) {
        ConfigFiles.Reading reading = configs.read(id, trustSettled);
        if (reading.config() != null) {
            return reading.config();
        }
        return goodConfig.getOrDefault(id, PluginConfig.NONE);
    }

    /**
     * Applies a changed configuration file to the active version of {@code id}: new instances, swapped in like a
     * new version.
     *
     * @return when to look at the file again, if it is still changing
     */
    private Duration settleConfig(String id, boolean trustSettled, boolean wait) {
        LoadedPlugin current = active.get(id);
        if (current == null || loading.containsKey(id)) {
            return null;
        }
        ConfigFiles.Reading reading = configs.read(id, trustSettled);
        if (reading.settleAgain() != null) {
            return reading.settleAgain();
        }
        Path file = configs.fileOf(id);
        if (reading.problem() != null) {
            if (!Long.valueOf(reading.observation()).equals(refusedConfig.put(id, reading.observation()))) {
                reject(file, reading.problem() + "; " + current.version() + " keeps serving with the configuration "
                        + "it has", id);
            }
            return null;
        }
        PluginConfig config = reading.config();
        if (config.equals(current.config())) {
            goodConfig.put(id, config);
            return null;
        }
        if (Long.valueOf(reading.observation()).equals(refusedConfig.get(id))) {
            return null;
        }
        CompletableFuture<LoadedPlugin> reconfigured = loader.reconfigure(current, config);
        if (wait) {
            LoadedPlugin loaded;
            try {
                loaded = reconfigured.join();
            } catch (CompletionException e) {
                configRefused(id, reading, current, e.getCause());
                return null;
            }
            configLoaded(id, reading, current, loaded);
            return null;
        }
        loading.put(id, reconfigured);
        statsOf(id).loading(true);
        reconfigured.whenComplete((loaded, failure) -> onEngineThread(() -> {
            if (loading.get(id) != reconfigured) {
                discardIfLoaded(loaded);
                return;
            }
            loading.remove(id);
            statsOf(id).loading(false);
            if (failure != null) {
                configRefused(id, reading, current, failure);
            } else if (closing.get() || active.get(id) != current) {
                discardIfLoaded(loaded);
            } else {
                configLoaded(id, reading, current, loaded);
            }
            requestScan();
        }, () -> discardIfLoaded(loaded)));
        return null;
    }

    private void configLoaded(String id, ConfigFiles.Reading reading, LoadedPlugin current, LoadedPlugin loaded) {
        String refused = activate(id, current, loaded);
        if (refused != null) {
            configRefused(id, reading, current, new PluginRejectedException(refused));
            return;
        }
        goodConfig.put(id, reading.config());
        refusedConfig.remove(id);
        LOG.info(id + " " + loaded.version() + ": configuration from " + configs.fileOf(id).getFileName()
                + " applied; new instances serve");
    }

    private void configRefused(String id, ConfigFiles.Reading reading, LoadedPlugin current, Throwable failure) {
        refusedConfig.put(id, reading.observation());
        reject(configs.fileOf(id), "the new configuration was refused: " + reason(failure) + "; "
                + current.version() + " keeps serving with the configuration it has", id);
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

    /**
     * Routes calls from {@code from} to {@code to}. When both hand over state, new calls are held while
     * {@code from} drains, exports and {@code to} imports.
     *
     * @return {@code null} once {@code to} serves, else why it was refused; {@code from} then still serves and
     *         {@code to} is discarded
     */
    private String activate(String id, LoadedPlugin from, LoadedPlugin to) {
        if (from != null && to != null) {
            Handoff handoff = new Handoff(from, to);
            if (handoff.needed()) {
                String refused;
                try {
                    refused = handoff.problem() != null ? "the handover was refused: " + handoff.problem()
                            : handOver(id, from, to, handoff);
                } catch (RuntimeException | Error e) {
                    refused = "the handover failed: " + e;
                }
                if (refused != null) {
                    Routing.get().update(active, directory.path());
                    discardWhenDrained(to);
                    return refused;
                }
            }
        }
        if (to == null) {
            active.remove(id);
        } else {
            active.put(id, to);
        }
        Routing.get().update(active, directory.path());
        statsOf(id).activated(from, to);
        boolean sameVersion = from != null && to != null && from.sameCode(to);
        if (to != null && !sameVersion) {
            Deque<String> versions = history.computeIfAbsent(id, k -> new ArrayDeque<>());
            if (!to.version().equals(versions.peekLast())) {
                versions.addLast(to.version());
                if (versions.size() > MAX_HISTORY) {
                    versions.removeFirst();
                }
            }
        }
        if (!sameVersion) {
            publishSwapped(from, to);
        }
        if (from == null) {
            LOG.info(id + " " + to.version() + ": active");
        } else if (to == null) {
            LOG.info(id + " " + from.version() + ": no jar left, its services are unavailable");
        } else if (!sameVersion) {
            LOG.info(id + ": swapped " + from.version() + " -> " + to.version() + " (" + to.file().getFileName()
                    + ")");
        }
        if (from != null) {
            retire(from);
        }
        return null;
    }

    private static void publishSwapped(LoadedPlugin from, LoadedPlugin to) {
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
    }

    /**
     * Holds new calls, waits for the calls inside {@code from} to return (up to the drain timeout), and moves the
     * state across. The caller routes to {@code to} on success, which ends the hold, or back to {@code from}.
     *
     * @return {@code null} on success, else why the swap cannot happen
     */
    private String handOver(String id, LoadedPlugin from, LoadedPlugin to, Handoff handoff) {
        String what = id + " hands its state from " + from.version() + " to " + to.version();
        Hold hold = new Hold(drainTimeout, what, from.classLoader());
        Routing.get().holdForHandover(from, to, handoff.services(), hold);
        boolean drained = awaitDrained(from);
        if (drained) {
            // Calls made from inside the old version went to it while it drained; from now on none may enter.
            hold.closeToNested();
            drained = awaitDrained(from);
        }
        if (!drained) {
            return "the handover from " + from.version() + " needs its calls to finish, and "
                    + from.gate().inFlight() + " call(s) were still inside after drainTimeout="
                    + drainTimeout.toMillis() + "ms; " + from.version() + " keeps serving";
        }
        try {
            String problem = handoff.transfer(loader);
            if (problem != null) {
                return "the handover was refused: " + problem + "; " + from.version() + " keeps serving";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted during the handover";
        }
        LOG.info(what + " done");
        return null;
    }

    /** @return whether no call is inside {@code plugin} any more, waiting up to the drain timeout */
    private boolean awaitDrained(LoadedPlugin plugin) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(20);
        while (plugin.gate().inFlight() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /**
     * Discards a version refused during its handover. Services without a handover may have served calls on it
     * meanwhile: it is closed only after they return.
     */
    private void discardWhenDrained(LoadedPlugin refused) {
        if (refused.gate().inFlight() == 0) {
            discardIfLoaded(refused);
        } else {
            retiring.add(retirer.discard(refused));
        }
    }

    private void retire(LoadedPlugin plugin) {
        retiring.removeIf(CompletableFuture::isDone);
        PluginStats pluginStats = statsOf(plugin.id());
        CompletableFuture<Void> retired = retirer.retire(plugin);
        retired.whenComplete((done, failure) -> pluginStats.retired(plugin));
        retiring.add(retired);
    }

    private void reject(Path file, String reason, String id) {
        LOG.warn("rejected " + file + ": " + reason);
        EventBus.get().publish(new ReloadEvent.Rejected(file, reason));
        if (id != null) {
            statsOf(id).rejected(file.getFileName().toString(), reason);
        }
        if (operationRejections != null) {
            operationRejections.add(file.getFileName() + ": " + reason);
        }
    }

    /** The plugin id a refused file's name gives, when it gives one. */
    private static String idOf(Path file) {
        try {
            return PluginCoordinates.of(file.getFileName().toString(), null).id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return the figures of {@code id}, created and handed to management the first time it is seen */
    PluginStats statsOf(String id) {
        PluginStats pluginStats = stats.get(id);
        if (pluginStats == null) {
            pluginStats = new PluginStats(id);
            stats.put(id, pluginStats);
            if (beans != null) {
                beans.add(this, pluginStats);
            }
        }
        return pluginStats;
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

    /** @return every plugin's figures, for management; read from any thread */
    Map<String, PluginStats> stats() {
        return stats;
    }

    ReloadOptions options() {
        return options;
    }

    /** @return what operators ask of this engine through management */
    Operations operations() {
        return operations;
    }

    /** @return whether the engine is closing or closed; read from any thread */
    boolean closing() {
        return closing.get();
    }

    /**
     * Runs {@code task} on the engine's thread, where the methods below may be called.
     *
     * @throws RejectedExecutionException once the engine is closed
     */
    <T> Future<T> submit(Callable<T> task) {
        return thread.submit(task);
    }

    /** @return the loads in flight: an operation waits for them, so that it decides on a settled state */
    List<CompletableFuture<LoadedPlugin>> loadsInFlight() {
        return new ArrayList<>(loading.values());
    }

    /** Has {@link #reject} also add each refusal to {@code into}, until called with {@code null}. */
    void collectRejections(List<String> into) {
        operationRejections = into;
    }

    /** Brings each plugin's loading flag, which management shows, in line with the loads in flight. */
    void showLoading() {
        stats.forEach((id, s) -> s.loading(loading.containsKey(id)));
    }

    Pins pins() {
        return pins;
    }

    /** @return the version of {@code id} that serves, or {@code null} */
    LoadedPlugin activeOf(String id) {
        return active.get(id);
    }

    /** @return the versions {@code id} had active, oldest first: the engine's own, which a roll-back trims */
    Deque<String> history(String id) {
        return history.getOrDefault(id, new ArrayDeque<>());
    }

    /** Forgets which configuration files were refused, so that the next settle tries them, and reports them, again. */
    void forgetRefusedConfigs() {
        refusedConfig.clear();
    }

    /** Makes the jars refused only because their handover could not finish in time candidates again. */
    void retryRefusedHandovers() {
        handoverRefused.forEach(directory::retry);
        handoverRefused.clear();
    }

    /** @return why the last read of the directory was refused as untrusted, or {@code null} */
    String lastUntrusted() {
        return lastUntrusted;
    }

    /** Settles every plugin on this thread, reading the files as they are now: what an operation decides on. */
    void settleNow(Scan scan) {
        settleAll(scan, true, true);
    }

    /**
     * Settles like {@link #settleNow}, but tries only the pinned version of {@code id}: an operator asked for it,
     * and if it fails, what served before serves on, untouched.
     */
    void settlePinning(String id, Scan scan) {
        pinning = id;
        try {
            settleAll(scan, true, true);
        } finally {
            pinning = null;
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
        stopManagement(true);
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
        stopManagement(false);
        deleteCopies();
    }

    /** @param unregister whether to take the MBeans away: not worth the time when the JVM is exiting */
    private void stopManagement(boolean unregister) {
        stats.values().forEach(PluginStats::stopped);
        if (beans != null) {
            if (unregister) {
                beans.unregister();
            } else {
                beans.stop();
            }
        }
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
