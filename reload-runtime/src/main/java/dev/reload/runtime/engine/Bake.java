package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Watches each version that replaced a lower one for the bake time after its swap, and rolls it back as soon as its
 * calls fail as {@link BakeRule} says: marks its jar bad, so that the directory's other versions decide again without
 * it and the version it replaced loads from its jar and serves, and says so in a warning and a
 * {@link ReloadEvent.MarkedBad} event.
 *
 * <p>The counts cost the call path nothing it did not pay before: calls come from the version's gate, failures are
 * counted on the proxy's exception path only. They are read here, on the engine's thread, every
 * {@link #CHECK_PERIOD} while a version bakes.
 *
 * <p>A swap to a lower version (a roll-back, an operator's, a removed jar) is not watched: going further back
 * because the version gone back to fails too, during an outage of something all versions use, would only walk down
 * the history. Nor is a version with nothing below it in the directory rolled back: unavailable is worse than
 * failing some calls.
 */
final class Bake {

    static final Duration CHECK_PERIOD = Duration.ofMillis(50);
    private static final Log LOG = Log.get(Engine.class);

    private final BakeRule rule;
    private final BadVersions bad;
    private final DirectoryView directory;
    private final Consumer<Scan> settle;
    private final Map<String, Watch> watches = new TreeMap<>();

    /**
     * @param settle settles every plugin on the engine's thread, as an operation does
     */
    Bake(ReloadOptions options, BadVersions bad, DirectoryView directory, Consumer<Scan> settle) {
        this.rule = options.bake() == null ? null
                : new BakeRule(options.bake(), options.bakeFailureRate(), options.bakeMinFailures());
        this.bad = bad;
        this.directory = directory;
        this.settle = settle;
    }

    /** Starts judging baking versions every {@link #CHECK_PERIOD}, when the {@code bake} option is set. */
    void start(EngineThread thread) {
        if (rule != null) {
            thread.every(CHECK_PERIOD, () -> {
                if (!thread.closing()) {
                    check();
                }
            });
        }
    }

    /** Calls of {@code deployment} went from {@code from} to {@code to}; either may be {@code null}. */
    void swapped(Deployment deployment, LoadedPlugin from, LoadedPlugin to) {
        if (rule == null) {
            return;
        }
        String id = deployment.id();
        Watch watch = watches.get(id);
        if (from != null && to != null && to.sameCode(from)) {
            // New instances under a new configuration: the same code goes on baking, its counts with it.
            if (watch != null) {
                watch.instances.add(to);
            }
            return;
        }
        watches.remove(id);
        if (from != null && to != null && to.coordinates().version().compareTo(from.coordinates().version()) > 0) {
            watches.put(id, new Watch(deployment, from.version(), to));
        }
    }

    /** Judges every baking version; rolls back those that failed. */
    void check() {
        List<Watch> failed = new ArrayList<>();
        for (Iterator<Watch> i = watches.values().iterator(); i.hasNext(); ) {
            Watch watch = i.next();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - watch.since);
            BakeRule.Verdict verdict = rule.judge(elapsed, watch.calls(), watch.failures());
            if (verdict == BakeRule.Verdict.FAILED) {
                failed.add(watch);
                i.remove();
            } else if (verdict == BakeRule.Verdict.PASSED) {
                LOG.info(watch.deployment.id() + " " + watch.version() + ": baked " + rule.time().toMillis()
                        + " ms, " + watch.failures() + " of " + watch.calls() + " calls failed; it stays");
                i.remove();
            }
        }
        failed.forEach(this::rollBack);
    }

    private void rollBack(Watch watch) {
        String id = watch.deployment.id();
        String version = watch.version();
        LoadedPlugin serving = watch.deployment.active();
        if (serving == null) {
            return;
        }
        String reason = rule.describe(watch.calls(), watch.failures()) + ", "
                + Duration.ofNanos(System.nanoTime() - watch.since).toMillis() + " ms after it replaced "
                + watch.from;
        Scan scan = directory.read(true);
        Candidate jar = scan == null ? null : DirectoryView.candidatesById(scan).getOrDefault(id, List.of())
                .stream().filter(c -> c.file().equals(serving.file())).findFirst().orElse(null);
        if (jar == null) {
            // Its jar is changing or gone: the directory decides what serves next, as it would without a bake.
            LOG.warn(id + " " + version + ": " + reason + "; its jar " + serving.file().getFileName()
                    + " is changing or gone, so what the directory holds next decides what serves");
            return;
        }
        boolean earlier = DirectoryView.candidatesById(scan).get(id).stream()
                .anyMatch(c -> !c.file().equals(jar.file()) && !bad.isBad(c)
                        && c.coordinates().version().compareTo(jar.coordinates().version()) < 0);
        if (!earlier) {
            LOG.warn(id + " " + version + ": " + reason + ", but no lower version of " + id + " is in "
                    + directory.path() + " to go back to; it keeps serving");
            return;
        }
        bad.mark(new BadVersions.Mark(id, version, jar.file(), jar.observation(), reason,
                Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        // What failed is not a version to roll back to.
        if (version.equals(watch.deployment.history().peekLast())) {
            watch.deployment.history().removeLast();
        }
        settle.accept(scan);
        LoadedPlugin now = watch.deployment.active();
        LOG.warn(id + " " + version + ": " + reason + "; marked bad on this JVM, "
                + (now == null || now.sameCode(serving) ? "and nothing else could take over, so it keeps serving"
                : "rolled back to " + now.version())
                + "; tried again when " + jar.file().getFileName() + " changes, or on reload, pin or unpin");
        EventBus.get().publish(new ReloadEvent.MarkedBad(id, version, reason));
    }

    /** A version baking: its instances (one per configuration it served under) and when its swap was. */
    private static final class Watch {
        final Deployment deployment;
        final String from;
        final List<LoadedPlugin> instances = new ArrayList<>();
        final long since = System.nanoTime();

        Watch(Deployment deployment, String from, LoadedPlugin to) {
            this.deployment = deployment;
            this.from = from;
            instances.add(to);
        }

        String version() {
            return instances.get(0).version();
        }

        long calls() {
            return instances.stream().mapToLong(p -> p.gate().calls()).sum();
        }

        long failures() {
            return instances.stream().mapToLong(LoadedPlugin::failures).sum();
        }
    }
}
