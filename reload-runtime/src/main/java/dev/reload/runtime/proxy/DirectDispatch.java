package dev.reload.runtime.proxy;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The call sites through which one proxy calls its implementation, one per interface method, each aimed at the
 * active implementation class.
 *
 * <p>An interface call in the proxy would see a new implementation class after every swap, and after a few swaps
 * the JIT gives up on it: the call turns megamorphic and stays slower for the life of the JVM. Instead each site is
 * a {@link MutableCallSite} whose target is "if the receiver is the active class, call its method directly, else
 * call through the interface". Once swaps pause, the sites are aimed at the new class; {@code setTarget}
 * deoptimizes the code that inlined the old target, and the new one is compiled with the new class as a constant, as
 * fast as a direct call. Until then, and for calls still finishing on the old version, the guarded fallback serves,
 * so any target is correct for any receiver: aiming needs no coordination with callers.
 *
 * <p>A retired class stays referenced only until the sites are aimed anew: 200 ms after the last swap of a burst, and
 * at least every 2 s during one.
 */
final class DirectDispatch {

    private static final MethodHandle IS_INSTANCE;

    static {
        try {
            IS_INSTANCE = MethodHandles.lookup().findVirtual(Class.class, "isInstance",
                    MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How long the aim waits for another swap; a retired class stays referenced at most this long after it. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** However many swaps follow each other, the aim follows at least this often. */
    private static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final ScheduledThreadPoolExecutor RETARGETS = retargets();

    private final List<Site> sites = new ArrayList<>();
    private Route route;
    /** The implementation class the sites are aimed at, {@code null} for the interface. */
    private Class<?> aimedAt;
    private ScheduledFuture<?> pending;
    private long pendingSince;

    /**
     * Creates the call site of one proxy method.
     *
     * @param lookup  the proxy class's lookup
     * @param service the service interface
     * @param name    the method name
     * @param type    the call site type: the receiver as {@code Object}, then the method's parameters
     */
    synchronized CallSite link(MethodHandles.Lookup lookup, Class<?> service, String name, MethodType type)
            throws ReflectiveOperationException {
        MethodType interfaceType = type.dropParameterTypes(0, 1);
        MethodHandle viaInterface = lookup.findVirtual(service, name, interfaceType).asType(type);
        Site site = new Site(new MutableCallSite(type), name, interfaceType, viaInterface);
        site.callSite.setTarget(site.targetFor(aimedAt == null ? null : route));
        sites.add(site);
        return site.callSite;
    }

    /**
     * Aims every call site at {@code next}'s implementation class, or at the interface when there is none, once no
     * other swap has followed for a moment. Re-aiming throws away the callers' compiled code; during a burst of swaps
     * the sites keep their aim and calls take the guard's interface path, which is correct for any class and costs a
     * few nanoseconds, instead of every swap sending the callers back to the interpreter.
     */
    synchronized void retarget(Route next) {
        this.route = next;
        Class<?> wanted = next == null ? null : next.target().getClass();
        if (sites.isEmpty()) {
            // No proxy has linked a site yet: nothing to throw away, and the first link aims where the route goes.
            aimedAt = wanted;
            cancelPending();
            return;
        }
        if (wanted == aimedAt) {
            // New instances of the same class (a configuration change), or a swap back before the aim moved.
            cancelPending();
            return;
        }
        long now = System.nanoTime();
        if (pendingSince == 0) {
            pendingSince = now;
        }
        long delay = Math.min(QUIET_NANOS, pendingSince + MAX_DELAY_NANOS - now);
        if (pending != null) {
            pending.cancel(false);
        }
        pending = RETARGETS.schedule(this::aim, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    /** @return the implementation class the call sites are aimed at now, {@code null} for the interface */
    synchronized Class<?> aimedAt() {
        return aimedAt;
    }

    private synchronized void aim() {
        pending = null;
        pendingSince = 0;
        Class<?> wanted = route == null ? null : route.target().getClass();
        if (wanted == aimedAt) {
            return;
        }
        aimedAt = wanted;
        for (Site site : sites) {
            site.callSite.setTarget(site.targetFor(route));
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        pendingSince = 0;
    }

    private static ScheduledThreadPoolExecutor retargets() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "reload-dispatch");
            thread.setDaemon(true);
            return thread;
        });
        // A cancelled aim refers to a route, and through it to a version: it must not wait in the queue.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static final class Site {
        final MutableCallSite callSite;
        final String name;
        final MethodType interfaceType;
        final MethodHandle viaInterface;

        Site(MutableCallSite callSite, String name, MethodType interfaceType, MethodHandle viaInterface) {
            this.callSite = callSite;
            this.name = name;
            this.interfaceType = interfaceType;
            this.viaInterface = viaInterface;
        }

        MethodHandle targetFor(Route route) {
            if (route == null) {
                return viaInterface;
            }
            Class<?> implementation = route.target().getClass();
            MethodHandle direct;
            try {
                direct = MethodHandles.publicLookup().findVirtual(implementation, name, interfaceType)
                        .asType(viaInterface.type());
            } catch (ReflectiveOperationException | RuntimeException e) {
                // A method the public lookup cannot reach directly (declared in a non-public superclass, say):
                // the interface call is always correct.
                return viaInterface;
            }
            MethodHandle test = MethodHandles.dropArguments(IS_INSTANCE.bindTo(implementation), 1,
                    viaInterface.type().dropParameterTypes(0, 1).parameterList());
            return MethodHandles.guardWithTest(test, direct, viaInterface);
        }
    }
}
