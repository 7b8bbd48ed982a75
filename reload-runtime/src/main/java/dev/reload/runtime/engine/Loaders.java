package dev.reload.runtime.engine;

import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.PluginLoader;
import dev.reload.runtime.trust.SignatureCheck;
import dev.reload.runtime.verify.LinkageVerifier;
import dev.reload.runtime.watch.PluginWatcher;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What versions are loaded with: the private copies they load from, the {@link PluginLoader} with the signature and
 * linkage checks the options ask for, and the {@link TimedLoader} that bounds each load. Made when the engine starts,
 * not when it is built: the copies directory is created on disk, and a runtime that never starts leaves none.
 */
final class Loaders {

    private final boolean verifyLinkage;
    private final Path copies;
    private final PluginLoader plugins;
    private final TimedLoader timed;

    private Loaders(boolean verifyLinkage, Path copies, PluginLoader plugins, TimedLoader timed) {
        this.verifyLinkage = verifyLinkage;
        this.copies = copies;
        this.plugins = plugins;
        this.timed = timed;
    }

    /**
     * @param directory the plugins directory: each plugin's data directory is under it
     * @throws IOException if the copies directory cannot be made
     */
    static Loaders create(ReloadOptions options, ClassLoader host, JarLimits limits, Path directory)
            throws IOException {
        Path copies = PrivateCopies.create();
        try {
            SignatureCheck signatures = options.trustStore() == null ? null
                    : new SignatureCheck(options.trustStore(), options.trustStorePassword());
            PluginLoader plugins = new PluginLoader(host, copies, limits, signatures,
                    linkageAgainst(options.verifyLinkage(), host), directory.resolve(PluginWatcher.DATA_DIRECTORY));
            TimedLoader timed = new TimedLoader(plugins, options.instantiateTimeout(), options.leakCheckAfter(),
                    options.leakCheckGc());
            return new Loaders(options.verifyLinkage(), copies, plugins, timed);
        } catch (RuntimeException e) {
            PrivateCopies.delete(copies);
            throw e;
        }
    }

    private static LinkageVerifier linkageAgainst(boolean verifyLinkage, ClassLoader application) {
        return verifyLinkage ? new LinkageVerifier(application) : null;
    }

    /** @return the directory of private copies, which exploded plugins snapshot into as well */
    Path copies() {
        return copies;
    }

    /** @return the loader every load, reload and reconfiguration goes through */
    TimedLoader timed() {
        return timed;
    }

    /** Loads from now on against {@code application}, checking linkage against it when the options ask for that. */
    void useHost(ClassLoader application) {
        plugins.useHost(application, linkageAgainst(verifyLinkage, application));
    }

    void shutdown() {
        timed.shutdown();
    }

    void deleteCopies() {
        PrivateCopies.delete(copies);
    }
}
