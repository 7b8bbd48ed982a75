package dev.reload.runtime.watch;

import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.trust.FilePermissions;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code <plugin id>.properties} beside the plugin jars, once it has settled: like a jar, a configuration
 * file must keep its size and time for the settle time, so that an editor's half-written file is never applied.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
public final class ConfigFiles {

    private final Path directory;
    private final long settleNanos;
    private final boolean strictPermissions;
    private final Map<String, Observation> observations = new HashMap<>();

    public ConfigFiles(Path directory, Duration settle, boolean strictPermissions) {
        this.directory = directory;
        this.settleNanos = settle.toNanos();
        this.strictPermissions = strictPermissions;
    }

    /** @return the configuration file of {@code pluginId} */
    public Path fileOf(String pluginId) {
        return directory.resolve(pluginId + ".properties");
    }

    /**
     * @param pluginId     the plugin
     * @param trustSettled read the file as it is now, without waiting for it to settle
     * @return the file's configuration, a reason to refuse it, or when to look again
     */
    public Reading read(String pluginId, boolean trustSettled) {
        Path file = fileOf(pluginId);
        BasicFileAttributes attributes;
        try {
            attributes = readAttributes(file);
        } catch (NoSuchFileException e) {
            observations.remove(pluginId);
            return new Reading(PluginConfig.NONE, null, null, 0);
        } catch (IOException e) {
            return settledReading(pluginId, new Fingerprint(-1, null, null, null), true,
                    "cannot read it: " + e.getMessage());
        }
        // A chmod or chown changes whether a refused file may be used, and changes neither size nor time.
        Object access = attributes instanceof PosixFileAttributes posix
                ? List.of(posix.permissions(), posix.owner()) : null;
        Fingerprint fingerprint = new Fingerprint(attributes.size(), attributes.lastModifiedTime(),
                attributes.fileKey(), access);
        return settledReading(pluginId, fingerprint, trustSettled, null);
    }

    private Reading settledReading(String pluginId, Fingerprint fingerprint, boolean trustSettled, String problem) {
        long now = System.nanoTime();
        Observation observation = observations.get(pluginId);
        if (observation == null || !observation.fingerprint.equals(fingerprint)) {
            observation = new Observation(fingerprint, now);
            observations.put(pluginId, observation);
        }
        if (observation.reading == null) {
            long remaining = observation.since + settleNanos - now;
            if (!trustSettled && remaining > 0 && problem == null) {
                return new Reading(null, null, Duration.ofNanos(remaining), 0);
            }
            observation.reading = problem != null
                    ? new Reading(null, problem, null, now)
                    : parse(fileOf(pluginId), now);
        }
        return observation.reading;
    }

    private Reading parse(Path file, long observation) {
        if (strictPermissions) {
            String untrusted = FilePermissions.problem(file).orElse(null);
            if (untrusted != null) {
                return new Reading(null, untrusted, null, observation);
            }
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            return new Reading(null, "cannot read it: " + e, null, observation);
        } catch (IllegalArgumentException e) {
            return new Reading(null, "not a valid properties file: " + e.getMessage(), null, observation);
        }
        Map<String, String> entries = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key)));
        return new Reading(new PluginConfig(file, entries), null, null, observation);
    }

    /**
     * What a configuration file says; exactly one of the first three is set.
     *
     * @param config      the configuration, {@link PluginConfig#NONE} when there is no file
     * @param problem     why the file cannot be used
     * @param settleAgain when to look again, for a file still changing
     * @param observation identifies this content of the file, so that a problem is reported once
     */
    public record Reading(PluginConfig config, String problem, Duration settleAgain, long observation) {
    }

    private record Fingerprint(long size, FileTime modified, Object key, Object access) {
    }

    private static BasicFileAttributes readAttributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(file, BasicFileAttributes.class);
        }
    }

    private static final class Observation {
        final Fingerprint fingerprint;
        final long since;
        Reading reading;

        Observation(Fingerprint fingerprint, long since) {
            this.fingerprint = fingerprint;
            this.since = since;
        }
    }
}
