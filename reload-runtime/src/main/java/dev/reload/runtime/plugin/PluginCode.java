package dev.reload.runtime.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The classes of one loaded jar: its class loader, its private copy, and which implementation classes serve which
 * interfaces. Every set of instances created from it shares it; the loader is released with the last of them.
 */
final class PluginCode {

    final PluginCoordinates coordinates;
    final Path file;
    final long generation;
    final PluginClassLoader loader;
    final Map<Class<?>, Set<String>> wanted;
    final ServiceDeclarations declarations;
    /** Whether the jar asks for its loader as the context class loader during every call into it. */
    final boolean contextLoaderPerCall;
    private final Path copy;
    private int users;

    PluginCode(PluginCoordinates coordinates, Path file, long generation, Path copy, PluginClassLoader loader,
               Map<Class<?>, Set<String>> wanted, ServiceDeclarations declarations, boolean contextLoaderPerCall) {
        this.coordinates = coordinates;
        this.file = file;
        this.generation = generation;
        this.copy = copy;
        this.loader = loader;
        this.wanted = wanted;
        this.declarations = declarations;
        this.contextLoaderPerCall = contextLoaderPerCall;
    }

    /** @return whether a new set of instances may use this code: not once the loader was released */
    synchronized boolean use() {
        if (users < 0) {
            return false;
        }
        users++;
        return true;
    }

    synchronized boolean lastUse() {
        return users == 1;
    }

    /**
     * Ends one use; the last one deregisters the version's JDBC drivers, closes the class loader and deletes the
     * private copy.
     *
     * @return the class loader when this was the last use, for the caller to watch for its collection; else
     *         {@code null}
     */
    synchronized PluginClassLoader release() {
        if (users <= 0 || --users > 0) {
            return null;
        }
        users = -1;
        closeAndDelete(coordinates, loader, copy);
        return loader;
    }

    /** Lets go of a version's classes, whether it retired or was refused; {@code loader} may be {@code null}. */
    static void closeAndDelete(PluginCoordinates coordinates, PluginClassLoader loader, Path copy) {
        if (loader != null) {
            DeclaredDrivers.deregister(coordinates, loader);
            try {
                loader.close();
            } catch (IOException ignored) {
                // Only the private copy's handle; deleting the copy below is what matters.
            }
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException ignored) {
            // A leftover copy in the runtime's temporary directory is removed when the runtime closes.
        }
    }
}
