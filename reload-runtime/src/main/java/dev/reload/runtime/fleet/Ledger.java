package dev.reload.runtime.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which files of the plugins directory came from the repository: a file's name to the fleet file key and version it
 * was installed for. Only these are ever replaced or removed, so a jar dropped in by hand is never touched, and a
 * restarted JVM still knows what it installed. Written whole to a temporary file and moved over the old one, so a
 * JVM killed while writing leaves the old ledger or the new one.
 */
final class Ledger {

    /**
     * @param key     the fleet file line the file was installed for
     * @param version the version it holds
     */
    record Entry(String key, String version) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new TreeMap<>();

    private Ledger(Path file) {
        this.file = file;
    }

    /** @return the ledger in {@code file}, empty if there is none yet */
    static Ledger read(Path file) throws IOException {
        Ledger ledger = new Ledger(file);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(reader);
            }
            for (String name : p.stringPropertyNames()) {
                String[] keyAndVersion = p.getProperty(name).trim().split(" ", 2);
                if (keyAndVersion.length == 2) {
                    ledger.entries.put(name, new Entry(keyAndVersion[0], keyAndVersion[1]));
                }
            }
        }
        return ledger;
    }

    /** @return the entry of the file of that name, or {@code null} if the repository did not put it there */
    Entry get(String fileName) {
        return entries.get(fileName);
    }

    /** @return file name to entry, for the fleet file line {@code key} */
    Map<String, Entry> of(String key) {
        Map<String, Entry> of = new TreeMap<>();
        entries.forEach((name, entry) -> {
            if (entry.key().equals(key)) {
                of.put(name, entry);
            }
        });
        return of;
    }

    void put(String fileName, Entry entry) throws IOException {
        entries.put(fileName, entry);
        write();
    }

    void remove(String fileName) throws IOException {
        if (entries.remove(fileName) != null) {
            write();
        }
    }

    /** Forgets the files that are gone, such as one whose move a killed JVM never made. */
    void forgetMissing(Path directory) throws IOException {
        if (entries.keySet().removeIf(name -> !Files.exists(directory.resolve(name)))) {
            write();
        }
    }

    private void write() throws IOException {
        Properties p = new Properties();
        entries.forEach((name, entry) -> p.setProperty(name, entry.key() + " " + entry.version()));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            p.store(writer, "files of the plugins directory installed from the repository");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
