package dev.reload.runtime.proxy;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;

/**
 * The call sites through which one proxy calls its implementation, one per interface method, each aimed at the
 * active implementation class.
 *
 * <p>An interface call in the proxy would see a new implementation class after every swap, and after a few swaps
 * the JIT gives up on it: the call turns megamorphic and stays slower for the life of the JVM. Instead each site is
 * a {@link MutableCallSite} whose target is "if the receiver is the active class, call its method directly, else
 * call through the interface". A swap retargets the sites; {@code setTarget} deoptimizes the code that inlined the
 * old target, and the new one is compiled with the new class as a constant, as fast as a direct call. Calls still
 * finishing on the old version take the guarded fallback, so any target is correct for any receiver: retargeting
 * needs no coordination with callers.
 *
 * <p>A retired class stays referenced only until the retarget that replaces it, which happens at the swap.
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

    private final List<Site> sites = new ArrayList<>();
    private Route route;

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
        site.callSite.setTarget(site.targetFor(route));
        sites.add(site);
        return site.callSite;
    }

    /** Aims every call site at {@code next}'s implementation class, or at the interface when there is none. */
    synchronized void retarget(Route next) {
        Route previous = route;
        this.route = next;
        if (previous != null && next != null && previous.target().getClass() == next.target().getClass()) {
            // New instances of the same class (a configuration change): the targets would be the same, and
            // setting them would only throw away compiled code.
            return;
        }
        for (Site site : sites) {
            site.callSite.setTarget(site.targetFor(next));
        }
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
