package dev.reload.runtime.retire;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.leak.LeakFinder;
import dev.reload.runtime.event.DaemonThreads;
import dev.reload.runtime.event.EventBus;
import dev.reload.runtime.log.Log;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows the class loaders of retired versions until they are garbage collected, reported as
 * {@link ReloadEvent.Unloaded}, and those of refused versions, which no event announces. A loader still reachable
 * after the leak check's grace period, and after a collection that unloads classes has run since it was let go, is
 * reported as {@link ReloadEvent.LeakSuspected}, with what the {@link LeakFinder} finds holding it. With
 * {@code leakCheckGc} the check runs such a collection itself.
 *
 * <p>It holds the loaders weakly, and strongly only for the duration of a leak check, so watching never keeps one
 * alive.
 */
public final class UnloadWatch {

    private static final Log LOG = Log.get(UnloadWatch.class);
    private static final UnloadWatch INSTANCE = new UnloadWatch();

    private final ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
    private final Set<LoaderReference> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService leakChecks =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reload-leak-check"));
    private final LeakFinder finder = new LeakFinder();

    private UnloadWatch() {
        Thread thread = DaemonThreads.named("reload-unload-watch").newThread(this::run);
        thread.start();
    }

    public static UnloadWatch get() {
        return INSTANCE;
    }

    /**
     * @param loader         the retired version's loader, already released by the runtime
     * @param leakCheckAfter when a loader still reachable counts as leaked
     * @param leakCheckGc    whether the check may run a garbage collection before it decides
     */
    void watch(ClassLoader loader, String pluginId, String version, Duration leakCheckAfter, boolean leakCheckGc) {
        watch(new LoaderReference(loader, queue, pluginId, version, true), leakCheckAfter, leakCheckGc);
    }

    /**
     * Like {@link #watch}, for the loader of a version that was refused or thrown away before it served: a leak is
     * reported as for a retired version, a collection only in the log.
     *
     * @param loader the refused version's loader, already released by the runtime; {@code null} does nothing
     */
    public void watchRefused(ClassLoader loader, String pluginId, String version, Duration leakCheckAfter,
                      boolean leakCheckGc) {
        if (loader != null) {
            watch(new LoaderReference(loader, queue, pluginId, version, false), leakCheckAfter, leakCheckGc);
        }
    }

    private void watch(LoaderReference ref, Duration leakCheckAfter, boolean leakCheckGc) {
        watched.add(ref);
        long collections = classUnloadingCollections();
        leakChecks.schedule(() -> checkForLeak(ref, leakCheckGc, collections, leakCheckAfter),
                leakCheckAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkForLeak(LoaderReference ref, boolean gc, long collectionsAtRetirement, Duration every) {
        if (!gc && ref.get() != null && classUnloadingCollections() == collectionsAtRetirement) {
            // No collection that unloads classes has run since the retirement, so a reachable loader proves nothing
            // yet: look again later rather than blame a well-behaved plugin.
            leakChecks.schedule(() -> checkForLeak(ref, false, collectionsAtRetirement, every), every.toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        if (gc && ref.get() != null) {
            System.gc();
            // Clearing and enqueueing the reference follows the collection; give it a moment.
            for (int i = 0; i < 10 && ref.get() != null; i++) {
                sleep();
            }
        }
        ClassLoader loader = ref.get();
        if (loader == null || !watched.contains(ref)) {
            return;
        }
        List<String> causes;
        try {
            causes = new ArrayList<>(finder.holdersOf(loader));
        } catch (RuntimeException | LinkageError e) {
            causes = new ArrayList<>(List.of("the leak check failed: " + e));
        }
        loader = null;
        if (causes.isEmpty()) {
            causes.add("no known holder found: a static field, cache or listener of the application or of a "
                    + "library outside the plugin still refers to one of its classes or objects");
        }
        StringBuilder message = new StringBuilder().append(ref.pluginId).append(' ').append(ref.version)
                .append(": its class loader is still reachable after ")
                .append(ref.retired ? "it was retired" : "the version was refused")
                .append(", so its classes cannot unload");
        for (String cause : causes) {
            message.append(System.lineSeparator()).append("  - ").append(cause);
        }
        LOG.warn(message.toString());
        EventBus.get().publish(new ReloadEvent.LeakSuspected(ref.pluginId, ref.version, causes));
    }

    /**
     * Counts the collections that may unload classes: every collector but the young-generation ones. A young
     * collection never unloads a class, so it says nothing about whether a retired loader is leaked.
     */
    private static long classUnloadingCollections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = collector.getName();
            boolean young = name.contains("Young") || name.contains("Scavenge") || name.contains("ParNew")
                    || name.equals("Copy") || name.contains("Minor") || name.contains("Pauses");
            if (!young) {
                count += Math.max(0, collector.getCollectionCount());
            }
        }
        return count;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        for (;;) {
            try {
                Reference<? extends ClassLoader> ref = queue.remove();
                if (ref instanceof LoaderReference && watched.remove(ref)) {
                    LoaderReference loader = (LoaderReference) ref;
                    if (loader.retired) {
                        LOG.info(loader.pluginId + " " + loader.version + ": class loader collected, classes "
                                + "unloaded");
                        EventBus.get().publish(new ReloadEvent.Unloaded(loader.pluginId, loader.version));
                    } else {
                        LOG.debug(loader.pluginId + " " + loader.version + ": the refused version's class loader "
                                + "collected, classes unloaded");
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("unload watch failed on one reference", e);
            }
        }
    }

    private static final class LoaderReference extends WeakReference<ClassLoader> {

        final String pluginId;
        final String version;
        /** Whether the version served and retired, rather than being refused. */
        final boolean retired;

        LoaderReference(ClassLoader loader, ReferenceQueue<ClassLoader> queue, String pluginId, String version,
                        boolean retired) {
            super(loader, queue);
            this.pluginId = pluginId;
            this.version = version;
            this.retired = retired;
        }
    }
}
