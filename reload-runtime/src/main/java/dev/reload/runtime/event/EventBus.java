package dev.reload.runtime.event;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ReloadListener;
import dev.reload.runtime.log.Log;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Delivers events to the application's listeners on a thread of its own, one event at a time and in order, so that a
 * slow or failing listener can delay only later events, never a swap.
 *
 * <p>One per JVM, like {@link dev.reload.api.ServiceRegistry}: listeners outlive any one runtime.
 */
public final class EventBus {

    private static final Log LOG = Log.get(EventBus.class);
    private static final EventBus INSTANCE = new EventBus();

    private final CopyOnWriteArrayList<ReloadListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;

    private EventBus() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("reload-events"));
        // The thread goes away when there is nothing to deliver, so an idle runtime holds no extra thread.
        executor.allowCoreThreadTimeOut(true);
        this.delivery = executor;
    }

    public static EventBus get() {
        return INSTANCE;
    }

    public void addListener(ReloadListener listener) {
        listeners.addIfAbsent(listener);
    }

    public void removeListener(ReloadListener listener) {
        listeners.remove(listener);
    }

    public void publish(ReloadEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        delivery.execute(() -> {
            for (ReloadListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (Throwable e) {
                    // Even an Error: one listener's failure must not cost the others their events.
                    LOG.warn("listener " + listener + " threw on " + event, e);
                }
            }
        });
    }
}
