package dev.reload.runtime.plugin;

import dev.reload.api.PluginContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** What an implementation's {@code PluginContext} constructor receives. */
final class RuntimePluginContext implements PluginContext {

    private final String pluginId;
    private final String version;
    private final Map<String, String> config;
    private final Path dataDirectory;

    RuntimePluginContext(String pluginId, String version, Map<String, String> config, Path dataDirectory) {
        this.pluginId = pluginId;
        this.version = version;
        this.config = config;
        this.dataDirectory = dataDirectory;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    /** Created on first use, readable by the JVM's user only: a plugin's files are nobody else's business. */
    @Override
    public Path dataDirectory() {
        try {
            if (!Files.isDirectory(dataDirectory)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(dataDirectory.getParent());
                    Files.createDirectories(dataDirectory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dataDirectory);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory + " of plugin "
                    + pluginId, e);
        }
        return dataDirectory;
    }

    @Override
    public String toString() {
        return "PluginContext[" + pluginId + " " + version + ", " + config.size() + " config entries, data "
                + dataDirectory + "]";
    }
}
