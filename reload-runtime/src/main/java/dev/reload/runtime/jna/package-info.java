/**
 * JNA, defined in a class loader of the runtime's own, and the native calls the runtime makes through it. JNA's
 * native half binds to the {@code com.sun.jna} class names, so JNA cannot be relocated like the runtime's other
 * libraries; isolating it instead keeps the application's JNA, if it has one, the only one it sees. Knows nothing
 * about plugins, proxies or the engine.
 */
package dev.reload.runtime.jna;
