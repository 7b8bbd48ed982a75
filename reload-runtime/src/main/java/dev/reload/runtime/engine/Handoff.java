package dev.reload.runtime.engine;

import dev.reload.api.Handover;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.ServiceDeclarations;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Carries state from the instances of one version to those replacing them, for the services whose old and new
 * implementations both implement {@link Handover}. The caller has held new calls and drained the old version:
 * nothing runs in either while this does.
 */
final class Handoff {

    /** Old instance to the new instance that takes its state, in the order the new version declares services. */
    private final Map<Object, Object> pairs = new IdentityHashMap<>();
    private final Set<Class<?>> services = new HashSet<>();
    private final LoadedPlugin from;
    private final LoadedPlugin to;
    private String mismatch;

    Handoff(LoadedPlugin from, LoadedPlugin to) {
        this.from = from;
        this.to = to;
        Map<Object, Object> importers = new IdentityHashMap<>();
        for (Class<?> service : to.services()) {
            if (from.route(service) == null) {
                continue;
            }
            Object before = from.route(service).instance();
            Object after = to.route(service).instance();
            if (!(before instanceof Handover && after instanceof Handover)) {
                continue;
            }
            Object pairedAfter = pairs.putIfAbsent(before, after);
            Object pairedBefore = importers.putIfAbsent(after, before);
            if ((pairedAfter != null && pairedAfter != after) || (pairedBefore != null && pairedBefore != before)) {
                mismatch = service.getName() + " is served by " + describe(before) + " in " + from.version()
                        + " and by " + describe(after) + " in " + to.version() + ", but those instances also hand "
                        + "over with other ones; a handover needs one old instance per new instance";
            }
        }
        // Every service an exporting or importing instance serves waits for the handover, not only the services
        // whose implementations both hand over: a call must reach neither side in the middle of it.
        for (Class<?> service : from.services()) {
            if (pairs.containsKey(from.route(service).instance())) {
                services.add(service);
            }
        }
        for (Class<?> service : to.services()) {
            if (importers.containsKey(to.route(service).instance())) {
                services.add(service);
            }
        }
    }

    /** @return why the state cannot be handed over, or {@code null} */
    String problem() {
        return mismatch;
    }

    private static String describe(Object instance) {
        return instance.getClass().getName();
    }

    /** @return whether any service hands over state, which makes the swap hold calls */
    boolean needed() {
        return !pairs.isEmpty();
    }

    /** @return the services whose calls the swap holds: those whose old and new implementations hand over */
    Set<Class<?>> services() {
        return services;
    }

    /**
     * Exports every old instance's state and imports it into its successor, each on a thread of its own under
     * {@code timer}'s limit.
     *
     * @return {@code null} when every import succeeded, else why the swap must not happen
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    String transfer(TimedLoader timer) throws InterruptedException {
        for (Map.Entry<Object, Object> pair : pairs.entrySet()) {
            Handover<Object> before = (Handover) pair.getKey();
            Handover<Object> after = (Handover) pair.getValue();
            String exported = before.getClass().getName() + ".exportState() of " + from.version();
            Object[] snapshot = new Object[1];
            String problem = run(timer, exported, from.classLoader(), () -> snapshot[0] = before.exportState());
            if (problem != null) {
                return problem;
            }
            String refused = SnapshotCheck.problem(snapshot[0], from.classLoader());
            if (refused != null) {
                return exported + " returned a snapshot that would keep " + from.version() + " loaded: " + refused
                        + "; a snapshot must be made of JDK and API types only";
            }
            String imported = after.getClass().getName() + ".importState() of " + to.version();
            problem = run(timer, imported, to.classLoader(), () -> after.importState(snapshot[0]));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String run(TimedLoader timer, String what, ClassLoader loader, Runnable task)
            throws InterruptedException {
        try {
            timer.callTimed(() -> {
                Thread thread = Thread.currentThread();
                thread.setContextClassLoader(loader);
                task.run();
                return null;
            });
            return null;
        } catch (TimeoutException e) {
            return what + " did not return within instantiateTimeout=" + timer.timeout().toMillis() + "ms";
        } catch (ExecutionException e) {
            return what + " threw " + ServiceDeclarations.describe(e.getCause());
        }
    }
}
