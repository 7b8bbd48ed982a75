package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.PluginVersion;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The versions operators pinned, kept in {@code .reload-pins} in the plugins directory so that a restarted JVM
 * serves what was pinned before. The loader reads only jars, and skips names starting with a dot.
 *
 * <p>Written to a temporary file and moved over the old one, so that a JVM killed mid-write leaves the old pins or
 * the new ones, never half a file. Owned by the engine's thread.
 */
final class Pins {

    static final String FILE_NAME = ".reload-pins";
    private static final Log LOG = Log.get(Pins.class);

    private final Path file;
    private final Map<String, String> pinned = new TreeMap<>();

    private Pins(Path file) {
        this.file = file;
    }

    /** Reads the pins of {@code directory}; an unreadable file is reported and treated as no pins. */
    static Pins read(Path directory) {
        Pins pins = new Pins(directory.resolve(FILE_NAME));
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(pins.file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return pins;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read the pins in " + pins.file + ", no version is pinned: " + e.getMessage());
            return pins;
        }
        for (String id : properties.stringPropertyNames()) {
            String version = properties.getProperty(id).strip();
            try {
                PluginVersion.parse(version);
                pins.pinned.put(id, version);
            } catch (RuntimeException e) {
                LOG.warn("ignoring the pin of " + id + " in " + pins.file + ": '" + version + "' is not a version");
            }
        }
        return pins;
    }

    /** @return the version {@code id} is pinned to, or {@code null} */
    String get(String id) {
        return pinned.get(id);
    }

    Map<String, String> all() {
        return Map.copyOf(pinned);
    }

    /**
     * @param version the version to pin to, or {@code null} to unpin
     * @throws IOException if the file cannot be written; the pins are then unchanged
     */
    void set(String id, String version) throws IOException {
        Map<String, String> next = new TreeMap<>(pinned);
        if (version == null) {
            next.remove(id);
        } else {
            next.put(id, version);
        }
        write(next);
        pinned.clear();
        pinned.putAll(next);
    }

    private void write(Map<String, String> next) throws IOException {
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            out.write("# Versions pinned with pin and rollback, kept across restarts; unpin removes a line.\n");
            for (Map.Entry<String, String> e : next.entrySet()) {
                out.write(escape(e.getKey()) + "=" + escape(e.getValue()) + "\n");
            }
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Plugin ids and versions are file-name parts; only the characters a properties file gives meaning to matter. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\=:#! ".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
