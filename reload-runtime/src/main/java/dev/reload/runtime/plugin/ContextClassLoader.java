package dev.reload.runtime.plugin;

/**
 * The plugin's class loader as the thread's context class loader. Libraries find their providers and resources
 * through it (JDBC's {@code DriverManager}, {@code ServiceLoader.load(X)} without a loader, JAXB, Jackson's module
 * discovery, scripting engines), so plugin code run by the runtime (static initializers, constructors,
 * {@code close()}) runs with it, and the thread gets its own back afterwards.
 */
final class ContextClassLoader {

    private ContextClassLoader() {
    }

    /**
     * Makes {@code loader} the calling thread's context class loader until {@link Previous#restore()}.
     *
     * <pre>{@code
     * ContextClassLoader.Previous previous = ContextClassLoader.set(loader);
     * try {
     *     ... plugin code ...
     * } finally {
     *     previous.restore();
     * }
     * }</pre>
     */
    static Previous set(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        Previous previous = new Previous(thread, thread.getContextClassLoader());
        thread.setContextClassLoader(loader);
        return previous;
    }

    /** The thread's own context class loader, to put back. */
    record Previous(Thread thread, ClassLoader loader) {

        void restore() {
            thread.setContextClassLoader(loader);
        }
    }
}
