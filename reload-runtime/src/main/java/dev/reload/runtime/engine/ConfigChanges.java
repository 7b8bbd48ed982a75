package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.plugin.PluginRejectedException;
import dev.reload.runtime.watch.ConfigFiles;
import dev.reload.runtime.watch.PluginDirectory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Applies each plugin's configuration file ({@code <plugins>/<id>.properties}): a new version starts with it, and a
 * change to it re-creates the active version's instances and swaps them in like a new version. A file that is
 * malformed, or whose values the plugin refuses, is refused; the instances serving keep the configuration they
 * have. Runs on the engine's thread.
 */
final class ConfigChanges {

    private static final Log LOG = Log.get(Engine.class);

    private final ConfigFiles configs;
    private final Refusals refusals;
    private final Activation activation;
    private final EngineThread thread;
    private final PluginDirectory directory;
    private TimedLoader loader;

    ConfigChanges(ConfigFiles configs, Refusals refusals, Activation activation, EngineThread thread,
                  PluginDirectory directory) {
        this.configs = configs;
        this.refusals = refusals;
        this.activation = activation;
        this.thread = thread;
        this.directory = directory;
    }

    void useLoader(TimedLoader loader) {
        this.loader = loader;
    }

    /**
     * The configuration a new version of {@code deployment} starts with: the file's, or while the file is still
     * changing or is refused, the last one applied; the scan after the file settles applies it.
     */
    PluginConfig configFor(Deployment deployment, boolean trustSettled) {
        ConfigFiles.Reading reading = configs.read(deployment.id(), trustSettled);
        return reading.config() != null ? reading.config() : deployment.goodConfig();
    }

    /**
     * Makes the jars of {@code id} that failed under another configuration than the file's now candidates again.
     *
     * @return whether any did
     */
    boolean retryUnderNewConfig(String id, boolean trustSettled) {
        if (!refusals.awaitsConfigChange(id)) {
            return false;
        }
        ConfigFiles.Reading reading = configs.read(id, trustSettled);
        if (reading.config() == null) {
            return false;
        }
        List<Path> retried = refusals.takeRefusedUnderOtherConfig(id, reading.config());
        retried.forEach(directory::retry);
        return !retried.isEmpty();
    }

    /**
     * Applies a changed configuration file to the active version of {@code deployment}.
     *
     * @param wait re-create the instances on this thread, for operations, instead of in the background
     * @return when to look at the file again, if it is still changing
     */
    Duration settle(Deployment deployment, boolean trustSettled, boolean wait) {
        String id = deployment.id();
        LoadedPlugin current = deployment.active();
        if (current == null || deployment.isLoading()) {
            return null;
        }
        ConfigFiles.Reading reading = configs.read(id, trustSettled);
        if (reading.settleAgain() != null) {
            return reading.settleAgain();
        }
        Path file = configs.fileOf(id);
        if (reading.problem() != null) {
            if (!refusals.refusedConfig(file, reading.observation())) {
                refuse(id, reading, reading.problem() + "; " + current.version() + " keeps serving with the "
                        + "configuration it has");
            }
            return null;
        }
        PluginConfig config = reading.config();
        if (config.equals(current.config())) {
            deployment.configApplied(config);
            return null;
        }
        if (refusals.refusedConfig(file, reading.observation())) {
            return null;
        }
        CompletableFuture<LoadedPlugin> reconfigured = loader.reconfigure(current, config);
        if (wait) {
            LoadedPlugin loaded;
            try {
                loaded = reconfigured.join();
            } catch (CompletionException e) {
                refused(deployment, reading, current, e.getCause());
                return null;
            }
            loaded(deployment, reading, current, loaded);
            return null;
        }
        deployment.startLoading(reconfigured);
        reconfigured.whenComplete((loaded, failure) -> thread.execute(() -> {
            if (!deployment.awaits(reconfigured)) {
                loader.discard(loaded);
                return;
            }
            deployment.loadEnded();
            if (failure != null) {
                refused(deployment, reading, current, failure);
            } else if (thread.closing() || deployment.active() != current) {
                loader.discard(loaded);
            } else {
                loaded(deployment, reading, current, loaded);
            }
            thread.requestScan();
        }, () -> loader.discard(loaded)));
        return null;
    }

    private void loaded(Deployment deployment, ConfigFiles.Reading reading, LoadedPlugin current,
                        LoadedPlugin loaded) {
        String refused = activation.activate(deployment, loaded);
        if (refused != null) {
            refused(deployment, reading, current, new PluginRejectedException(refused));
            return;
        }
        deployment.configApplied(reading.config());
        refusals.configApplied(configs.fileOf(deployment.id()));
        LOG.info(deployment.id() + " " + loaded.version() + ": configuration from "
                + configs.fileOf(deployment.id()).getFileName() + " applied; new instances serve");
    }

    private void refused(Deployment deployment, ConfigFiles.Reading reading, LoadedPlugin current,
                         Throwable failure) {
        refuse(deployment.id(), reading, "the new configuration was refused: " + Reconciler.reason(failure) + "; "
                + current.version() + " keeps serving with the configuration it has");
    }

    private void refuse(String id, ConfigFiles.Reading reading, String reason) {
        refusals.refuse(new Refusals.Refusal(configs.fileOf(id), id, reason, Refusals.Retry.CONFIGURATION_FILE,
                null, reading.observation()));
    }
}
