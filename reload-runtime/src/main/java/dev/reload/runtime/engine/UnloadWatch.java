package dev.reload.runtime.engine;

import dev.reload.api.ReloadEvent;
import dev.reload.runtime.log.Log;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices when the class loader of a retired version is garbage collected and reports it as
 * {@link ReloadEvent.Unloaded}. It holds the loaders weakly, so watching never keeps one alive.
 */
final class UnloadWatch {

    private static final Log LOG = Log.get(UnloadWatch.class);
    private static final UnloadWatch INSTANCE = new UnloadWatch();

    private final ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
    private final Set<LoaderReference> watched = ConcurrentHashMap.newKeySet();

    private UnloadWatch() {
        Thread thread = DaemonThreads.named("reload-unload-watch").newThread(this::run);
        thread.start();
    }

    static UnloadWatch get() {
        return INSTANCE;
    }

    void watch(ClassLoader loader, String pluginId, String version) {
        watched.add(new LoaderReference(loader, queue, pluginId, version));
    }

    /** @return how many retired loaders have not been collected yet */
    int pending() {
        return watched.size();
    }

    private void run() {
        for (;;) {
            try {
                Reference<? extends ClassLoader> ref = queue.remove();
                if (ref instanceof LoaderReference && watched.remove(ref)) {
                    LoaderReference loader = (LoaderReference) ref;
                    LOG.info(loader.pluginId + " " + loader.version + ": class loader collected, classes unloaded");
                    EventBus.get().publish(new ReloadEvent.Unloaded(loader.pluginId, loader.version));
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

        LoaderReference(ClassLoader loader, ReferenceQueue<ClassLoader> queue, String pluginId, String version) {
            super(loader, queue);
            this.pluginId = pluginId;
            this.version = version;
        }
    }
}
