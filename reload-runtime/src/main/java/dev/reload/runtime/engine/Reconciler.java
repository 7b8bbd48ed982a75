package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.plugin.PluginRejectedException;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Rejection;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Brings every plugin's deployment in line with what the directory holds: the highest usable version of each plugin
 * serves, or its pinned one; a version that fails to load or to take over is refused and what served keeps serving;
 * a plugin whose last jar went away becomes unavailable. Runs on the engine's thread.
 */
final class Reconciler {

    private static final Log LOG = Log.get(Engine.class);

    private final DirectoryView directory;
    private final Deployments deployments;
    private final Refusals refusals;
    private final Activation activation;
    private final ConfigChanges configs;
    private final EngineThread thread;
    private final ApplicationLoader application;
    private final BadVersions bad;
    private Pins pins;
    private TimedLoader loader;
    /** The plugin a pin operation is activating: only its pinned version may be tried, nothing else. */
    private String pinning;

    Reconciler(DirectoryView directory, Deployments deployments, Refusals refusals, Activation activation,
               ConfigChanges configs, EngineThread thread, ApplicationLoader application, BadVersions bad) {
        this.directory = directory;
        this.deployments = deployments;
        this.refusals = refusals;
        this.activation = activation;
        this.configs = configs;
        this.thread = thread;
        this.application = application;
        this.bad = bad;
    }

    void use(TimedLoader loader, Pins pins) {
        this.loader = loader;
        this.pins = pins;
    }

    /**
     * @param trustSettled read configuration files without waiting for them to settle
     * @param wait         load on this thread, for start-up and operations, instead of in the background
     */
    void settleAll(Scan scan, boolean trustSettled, boolean wait) {
        Map<String, List<Candidate>> byId = DirectoryView.candidatesById(scan);
        refusals.forgetStale(scan.present().keySet(),
                scan.candidates().stream().map(Candidate::file).collect(Collectors.toSet()));
        bad.forgetStale(scan);
        for (Rejection rejection : scan.rejections()) {
            refusals.refuse(new Refusals.Refusal(rejection.file(), DirectoryView.idOf(rejection.file()),
                    rejection.reason(), Refusals.Retry.FILE_CHANGE, null, 0));
        }
        Set<String> ids = new TreeSet<>(byId.keySet());
        ids.addAll(deployments.activeVersions().keySet());
        for (String id : ids) {
            if (configs.retryUnderNewConfig(id, trustSettled)) {
                thread.requestScan();
            }
            List<Candidate> candidates = byId.getOrDefault(id, new ArrayList<>());
            Deployment deployment = deployments.of(id);
            deployment.stats().present(candidates.stream().sorted(DirectoryView.HIGHEST_FIRST)
                    .map(c -> c.coordinates().version().toString()).distinct().toList());
            settle(deployment, candidates, scan.present(), wait);
        }
        Duration again = scan.settleAgain();
        for (String id : deployments.activeVersions().keySet()) {
            Duration configAgain = configs.settle(deployments.of(id), trustSettled, wait);
            if (configAgain != null && (again == null || configAgain.compareTo(again) < 0)) {
                again = configAgain;
            }
        }
        if (again != null) {
            thread.scanAfter(again);
        }
    }

    /**
     * Settles like {@link #settleAll}, on this thread, but tries only the pinned version of {@code id}: an operator
     * asked for it, and if it fails, what served before serves on, untouched.
     */
    void settlePinning(String id, Scan scan) {
        pinning = id;
        try {
            settleAll(scan, true, true);
        } finally {
            pinning = null;
        }
    }

    private void settle(Deployment deployment, List<Candidate> candidates, Map<Path, Boolean> present, boolean wait) {
        if (deployment.isLoading()) {
            return;
        }
        String id = deployment.id();
        LoadedPlugin current = deployment.active();
        candidates.removeIf(bad::isBad);
        // The active jar's file is being rewritten, or was rewritten into something unusable: the version already
        // loaded from it keeps serving until a good jar settles, unless a higher version arrives meanwhile.
        boolean currentHeld = current != null && Boolean.FALSE.equals(present.get(current.file()));
        if (currentHeld) {
            candidates.removeIf(c -> c.coordinates().version().compareTo(current.coordinates().version()) <= 0);
        }
        candidates.sort(DirectoryView.HIGHEST_FIRST);
        directory.warnDuplicates(candidates);
        pinnedFirst(deployment, candidates);
        for (Candidate candidate : candidates) {
            if (deployment.servesFrom(candidate)) {
                return;
            }
            PluginConfig config = configs.configFor(deployment, wait);
            CompletableFuture<LoadedPlugin> load = loader.load(candidate.file(), directory.contentOf(candidate),
                    candidate.coordinates(), config);
            if (!wait) {
                deployment.startLoading(load);
                load.whenComplete((loaded, failure) -> thread.execute(
                        () -> loadFinished(deployment, candidate, config, load, loaded, failure),
                        () -> loader.discard(loaded)));
                return;
            }
            LoadedPlugin loaded = awaitLoad(candidate, config, load);
            if (loaded != null && takeOver(deployment, candidate, loaded)) {
                return;
            }
        }
        // A version marked bad still serves better than none when nothing else could take over.
        if (current != null && !currentHeld && !id.equals(pinning) && !bad.isBad(current)) {
            deployment.forgetFile();
            activation.activate(deployment, null);
        }
    }

    /** A pinned version whose jar is present goes first; the others stay behind it, in case it fails to load. */
    private void pinnedFirst(Deployment deployment, List<Candidate> candidates) {
        String id = deployment.id();
        String pin = pins.get(id);
        if (pin == null) {
            deployment.pinSatisfied();
            return;
        }
        List<Candidate> pinned = candidates.stream().filter(c -> DirectoryView.isVersion(c, pin)).toList();
        if (id.equals(pinning)) {
            // An operator asked for this version: if it fails, what served before serves on, untouched.
            candidates.retainAll(pinned);
            return;
        }
        if (pinned.isEmpty()) {
            if (!candidates.isEmpty() && deployment.warnPinMissing()) {
                LOG.warn(id + " is pinned to " + pin + ", but no jar of that version is in " + directory.path()
                        + "; the highest version serves until it is back, or until unpin");
            }
            return;
        }
        deployment.pinSatisfied();
        candidates.removeAll(pinned);
        candidates.addAll(0, pinned);
    }

    /** Start-up and operations wait for every load, so that {@code main} finds the services ready. */
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
        if (cause(failure) instanceof PluginRejectedException rejected && rejected.unknownServices() != null
                && application.awaitingApplication()) {
            refusals.await(new Refusals.Refusal(candidate.file(), candidate.coordinates().id(),
                    "the class loader the runtime started with (" + application.current() + ") does not have "
                            + rejected.unknownServices(), Refusals.Retry.APPLICATION_LOADER, config,
                    candidate.observation()));
            return;
        }
        refusals.refuse(new Refusals.Refusal(candidate.file(), candidate.coordinates().id(), reason(failure),
                Refusals.Retry.CONFIGURATION_CHANGE, config, candidate.observation()));
    }

    private void loadFinished(Deployment deployment, Candidate candidate, PluginConfig config,
                              CompletableFuture<LoadedPlugin> load, LoadedPlugin loaded, Throwable failure) {
        if (!deployment.awaits(load)) {
            loader.discard(loaded);
            return;
        }
        deployment.loadEnded();
        if (failure != null) {
            loadRefused(candidate, config, failure);
        } else if (thread.closing() || !directory.isCurrent(candidate)) {
            // The file changed or went away while it loaded: what it held then is not what the directory says now.
            loader.discard(loaded);
        } else {
            takeOver(deployment, candidate, loaded);
        }
        // The decision for this plugin waited for the load; the directory may have moved on meanwhile.
        thread.requestScan();
    }

    /** @return whether {@code loaded} now serves; if not, it was refused and discarded */
    private boolean takeOver(Deployment deployment, Candidate candidate, LoadedPlugin loaded) {
        LOG.info(loaded.id() + " " + loaded.version() + ": loaded from " + candidate.file().getFileName()
                + " (" + loaded.services().size() + " service(s))");
        EventBus.get().publish(new ReloadEvent.Loaded(loaded.id(), loaded.version()));
        String refused = activation.activate(deployment, loaded);
        if (refused != null) {
            directory.reject(candidate);
            // What fails in a handover may be only the time it was given: an operator may try it again.
            refusals.refuse(new Refusals.Refusal(candidate.file(), deployment.id(), refused,
                    Refusals.Retry.OPERATOR, null, candidate.observation()));
            return false;
        }
        deployment.loadedFrom(candidate.observation());
        deployment.configApplied(loaded.config());
        return true;
    }

    static String reason(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof PluginRejectedException ? cause.getMessage() : String.valueOf(cause);
    }

    /** @return what a load threw, unwrapped from the future that carried it */
    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
