package dev.reload.runtime.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The plugin's class loader as the thread's context class loader. Libraries find their providers and resources
 * through it (JDBC's {@code DriverManager}, {@code ServiceLoader.load(X)} without a loader, JAXB, Jackson's module
 * discovery, scripting engines), so plugin code run by the runtime (static initializers, constructors,
 * {@code close()}) runs with it, and the thread gets its own back afterwards. A jar whose manifest says
 * {@code Reload-Context-Class-Loader: plugin} has it during every call into it as well.
 */
final class ContextClassLoader {

    static final String ATTRIBUTE = "Reload-Context-Class-Loader";
    private static final String PLUGIN = "plugin";

    private ContextClassLoader() {
    }

    /**
     * @param jar the plugin jar
     * @return whether the jar asks for its class loader as the context class loader during every call into it
     * @throws PluginRejectedException if the manifest cannot be read or the attribute has a value it does not take
     */
    static boolean askedForEveryCall(Path jar) throws PluginRejectedException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw new PluginRejectedException("cannot read the manifest: " + ServiceDeclarations.describe(e), e);
        }
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return false;
        }
        if (value.trim().toLowerCase(Locale.ROOT).equals(PLUGIN)) {
            return true;
        }
        throw new PluginRejectedException("the manifest attribute " + ATTRIBUTE + " is '" + value.trim()
                + "'; the one value it takes is '" + PLUGIN + "' (without it, calls keep the caller's context class "
                + "loader)");
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
