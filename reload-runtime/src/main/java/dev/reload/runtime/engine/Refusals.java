package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.PluginConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every file the engine refused, why, and what makes it worth trying again: a jar or a configuration file, one entry
 * each, the latest refusal winning.
 *
 * <p>A refused jar is not tried again until its file changes (the directory's own rule), or until the event its
 * refusal names: a configuration other than the one it failed under, or, for a handover that ran out of time, an
 * operator asking. A refused configuration file is reported once per change of the file; an operator's
 * {@code reload} tries it again. Written on the engine's thread, read by management from any thread.
 */
final class Refusals {

    private static final Log LOG = Log.get(Engine.class);

    /** What makes a refused file worth trying again, besides a change to the file itself. */
    enum Retry {
        /** Nothing but a change to the file. */
        FILE_CHANGE,
        /** The plugin's configuration changing: the jar failed under {@link Refusal#config()}. */
        CONFIGURATION_CHANGE,
        /** An operator's {@code pin}, {@code rollback} or {@code reload}: its handover could not finish in time. */
        OPERATOR,
        /** A configuration file: an operator's {@code reload}, or a change to it (a new observation). */
        CONFIGURATION_FILE,
        /**
         * Not refused yet: none of its interfaces is in the class loader the runtime started with, and the
         * application has not asked for a service yet; the application's own loader may have them.
         */
        APPLICATION_LOADER
    }

    /**
     * @param pluginId    the plugin the file belongs to, or {@code null} when its name gives none
     * @param config      with {@link Retry#CONFIGURATION_CHANGE}, the configuration the jar failed under
     * @param observation with {@link Retry#CONFIGURATION_FILE}, which observation of the file was refused
     */
    record Refusal(Path file, String pluginId, String reason, Retry retry, PluginConfig config, long observation) {
    }

    private final Map<Path, Refusal> byFile = new TreeMap<>();
    private final Deployments deployments;
    /** Where the refusals of the operation running on the engine's thread also go, to answer with. */
    private List<String> operationRefusals;

    Refusals(Deployments deployments) {
        this.deployments = deployments;
    }

    /** Records {@code refusal}, and says so: one warning, a {@code Rejected} event, the plugin's figures. */
    void refuse(Refusal refusal) {
        synchronized (this) {
            byFile.put(refusal.file(), refusal);
        }
        report(refusal.file(), refusal.reason(), refusal.pluginId());
        Routing.get().refreshUnavailableReasons();
    }

    /**
     * Records a jar that waits for the application's class loader; said once, as information, since it is no fault
     * of the jar's yet.
     */
    void await(Refusal waiting) {
        synchronized (this) {
            byFile.put(waiting.file(), waiting);
        }
        Routing.get().refreshUnavailableReasons();
        LOG.info(waiting.file().getFileName() + " waits for the application's class loader: " + waiting.reason()
                + "; it loads when the application first asks for a service");
    }

    /**
     * Takes out what the application's class loader may change: the jars that wait for it and, when it changed,
     * every jar that failed to load (against the old loader).
     */
    synchronized List<Path> takeForApplicationLoader(boolean changed) {
        return take(r -> r.retry() == Retry.APPLICATION_LOADER
                || (changed && (r.retry() == Retry.CONFIGURATION_CHANGE || r.retry() == Retry.OPERATOR)));
    }

    /** Says that {@code file} was refused: one warning, a {@code Rejected} event, the plugin's figures. */
    private void report(Path file, String reason, String pluginId) {
        LOG.warn("rejected " + file + ": " + reason);
        EventBus.get().publish(new ReloadEvent.Rejected(file, reason));
        if (pluginId != null) {
            deployments.of(pluginId).stats().rejected(file.getFileName().toString(), reason);
        }
        if (operationRefusals != null) {
            operationRefusals.add(file.getFileName() + ": " + reason);
        }
    }

    /**
     * Forgets the refusals of jars no longer in the directory, and of jars that are candidates again because their
     * file changed since; configuration files are kept.
     */
    synchronized void forgetStale(Set<Path> present, Set<Path> candidates) {
        byFile.values().removeIf(r -> r.retry() != Retry.CONFIGURATION_FILE
                && (!present.contains(r.file()) || candidates.contains(r.file())));
    }

    /**
     * Takes out the jars of {@code id} refused under another configuration than {@code config}: they are worth
     * trying again.
     */
    synchronized List<Path> takeRefusedUnderOtherConfig(String id, PluginConfig config) {
        return take(r -> r.retry() == Retry.CONFIGURATION_CHANGE && r.pluginId().equals(id)
                && !r.config().equals(config));
    }

    /** Takes out the jars refused only because their handover could not finish in time. */
    synchronized List<Path> takeOperatorRetries() {
        return take(r -> r.retry() == Retry.OPERATOR);
    }

    /** @return whether a jar of {@code id} waits for a configuration change */
    synchronized boolean awaitsConfigChange(String id) {
        return byFile.values().stream()
                .anyMatch(r -> r.retry() == Retry.CONFIGURATION_CHANGE && r.pluginId().equals(id));
    }

    /** @return whether {@code observation} of {@code file} is the one refused last */
    synchronized boolean refusedConfig(Path file, long observation) {
        Refusal refusal = byFile.get(file);
        return refusal != null && refusal.retry() == Retry.CONFIGURATION_FILE && refusal.observation() == observation;
    }

    /** The configuration file {@code file} was applied: it is no longer refused. */
    synchronized void configApplied(Path file) {
        byFile.remove(file);
    }

    /** Forgets every refused configuration file, so that the next settle tries, and reports, them again. */
    synchronized void forgetConfigs() {
        take(r -> r.retry() == Retry.CONFIGURATION_FILE);
    }

    /**
     * @param id a plugin id, or {@code null} for every plugin that has no active version
     * @return why the services of {@code id} may be missing: its files refused now, each with its reason
     */
    synchronized List<String> describeMissing(String id) {
        if (id != null) {
            return describe(id);
        }
        List<String> lines = new ArrayList<>();
        for (Refusal refusal : byFile.values()) {
            if (refusal.retry() != Retry.CONFIGURATION_FILE
                    && (refusal.pluginId() == null || deployments.activeOf(refusal.pluginId()) == null)) {
                lines.add(refusal.file().getFileName() + ": " + refusal.reason());
            }
        }
        return lines;
    }

    /** @return what is refused now, file name and reason, for {@code id}; read from any thread */
    synchronized List<String> describe(String id) {
        List<String> lines = new ArrayList<>();
        for (Refusal refusal : byFile.values()) {
            if (id.equals(refusal.pluginId())) {
                lines.add(refusal.file().getFileName() + ": " + refusal.reason());
            }
        }
        return lines;
    }

    /** Has {@link #report} also add each refusal to {@code into}, until called with {@code null}. */
    void collectForOperation(List<String> into) {
        operationRefusals = into;
    }

    private List<Path> take(Predicate<Refusal> which) {
        List<Path> taken = new ArrayList<>();
        Collection<Refusal> all = byFile.values();
        all.removeIf(r -> {
            if (which.test(r)) {
                taken.add(r.file());
                return true;
            }
            return false;
        });
        return taken;
    }
}
