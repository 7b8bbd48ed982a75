package dev.reload.runtime.proxy;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bootstrap of the {@code invokedynamic} instructions in generated proxies: links each proxy method to the
 * {@link DirectDispatch} of the proxy's slot.
 *
 * <p>Public only because generated proxies, defined in other class loaders, call {@link #bootstrap}. Not for use
 * outside the runtime.
 */
public final class ServiceCallSites {

    /** Proxy class to its slot; proxy classes live as long as the JVM, one per interface and plugin binding. */
    private static final Map<Class<?>, ServiceSlot> SLOTS = new ConcurrentHashMap<>();

    private ServiceCallSites() {
    }

    static void register(Class<?> proxyClass, ServiceSlot slot) {
        SLOTS.put(proxyClass, slot);
    }

    /**
     * @param lookup the proxy class's lookup
     * @param name   the interface method's name
     * @param type   the receiver as {@code Object}, then the method's parameters, and its return type
     * @return the call site
     * @throws ReflectiveOperationException if the interface method cannot be found
     */
    public static CallSite bootstrap(MethodHandles.Lookup lookup, String name, MethodType type)
            throws ReflectiveOperationException {
        ServiceSlot slot = SLOTS.get(lookup.lookupClass());
        if (slot == null) {
            throw new IllegalStateException(lookup.lookupClass() + " is not a registered service proxy");
        }
        return slot.dispatch().link(lookup, slot.service(), name, type);
    }
}
