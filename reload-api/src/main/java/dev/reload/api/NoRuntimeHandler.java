package dev.reload.api;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * Stands in for a service when the reload runtime is not on the class path at all, so that
 * {@link ServiceRegistry#get(Class)} still returns a well-behaved object and every call explains how to start the
 * runtime instead of failing with a {@code NullPointerException}.
 */
final class NoRuntimeHandler implements InvocationHandler {

    private final Class<?> service;
    private final String mismatch;

    /** @param mismatch why a runtime that is there cannot serve, or {@code null} when there is none */
    NoRuntimeHandler(Class<?> service, String mismatch) {
        this.service = service;
        this.mismatch = mismatch;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class || isObjectMethod(method)) {
            switch (method.getName()) {
                case "toString":
                    return "ServiceRegistry proxy for " + service.getName() + " (no reload runtime running)";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
        }
        if (mismatch != null) {
            throw new ServiceUnavailableException(service.getName(), "no implementation of " + service.getName()
                    + " is available because " + mismatch);
        }
        throw new ServiceUnavailableException(service.getName(), "no implementation of " + service.getName()
                + " is available because no reload runtime is running; start the JVM with "
                + "-javaagent:reload-agent.jar=plugins=<plugins directory>");
    }

    private static boolean isObjectMethod(Method method) {
        int arity = method.getParameterCount();
        String name = method.getName();
        return (arity == 0 && (name.equals("toString") || name.equals("hashCode")))
                || (arity == 1 && name.equals("equals") && method.getParameterTypes()[0] == Object.class);
    }
}
