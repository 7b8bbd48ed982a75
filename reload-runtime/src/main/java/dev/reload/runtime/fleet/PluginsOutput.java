package dev.reload.runtime.fleet;

import dev.reload.runtime.plugin.PluginVersion;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The follower's only output: files moved into the plugins directory, and files taken out of it. A download is
 * copied to a staging directory beside the plugins directory (so on the same file system), then moved in under its
 * final name in one atomic rename: the watcher never sees half a jar. The staging directory is emptied at start, so
 * a JVM killed mid-copy leaves nothing behind that the next start trips over.
 *
 * <pre>
 * plugins/                      greeter-1.1.0.jar, greeter.properties
 * .plugins.fleet/installed      the ledger: which of those came from the repository
 * .plugins.fleet/staging/       copies on their way in
 * .plugins.fleet/repository/    Maven Resolver's local repository: downloads, metadata
 * </pre>
 */
final class PluginsOutput {

    private final Path plugins;
    private final Path staging;
    private final Ledger ledger;

    private PluginsOutput(Path plugins, Path staging, Ledger ledger) {
        this.plugins = plugins;
        this.staging = staging;
        this.ledger = ledger;
    }

    /** @return the directory that holds the follower's state for {@code plugins}: hidden, beside it */
    static Path stateDirectory(Path plugins) {
        Path absolute = plugins.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".fleet");
    }

    /** Opens the output to {@code plugins}, emptying the staging directory and forgetting files that are gone. */
    static PluginsOutput open(Path plugins) throws IOException {
        Path state = stateDirectory(plugins);
        Path staging = state.resolve("staging");
        Files.createDirectories(staging);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(staging)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        Ledger ledger = Ledger.read(state.resolve("installed"));
        ledger.forgetMissing(plugins);
        return new PluginsOutput(plugins, staging, ledger);
    }

    /** @return the resolver's local repository, beside the staging directory */
    Path cache() {
        return staging.resolveSibling("repository");
    }

    /** @return version to file name of what the repository installed for {@code followed} */
    Map<String, String> installed(Followed followed) {
        Map<String, String> installed = new TreeMap<>();
        ledger.of(followed.key()).forEach((name, entry) -> installed.put(entry.version(), name));
        return installed;
    }

    /** @return the highest version the repository installed for {@code followed}, or {@code null} */
    String highestInstalled(Followed followed) {
        return installed(followed).keySet().stream()
                .max(Comparator.comparing(PluginVersion::parse)).orElse(null);
    }

    /** @return whether a file of that name is in the plugins directory and did not come from the repository */
    boolean placedByHand(String fileName) {
        return ledger.get(fileName) == null && Files.exists(plugins.resolve(fileName));
    }

    /**
     * Copies {@code download} in as {@code followed}'s file for {@code version}, replacing the file the repository
     * put there before under that name (a configuration's), never one placed by hand.
     *
     * @return whether it was installed; not when a file of that name was placed by hand
     */
    boolean install(Followed followed, String version, Path download) throws IOException {
        String name = followed.fileName(version);
        if (placedByHand(name)) {
            return false;
        }
        // Never ending in .jar or .properties, and not in the plugins directory: the watcher never looks at it.
        Path staged = Files.createTempFile(staging, name + ".", ".part");
        try {
            Files.copy(download, staged, StandardCopyOption.REPLACE_EXISTING);
            // In the ledger first: a JVM killed between the two finds an entry without its file, which it forgets,
            // never a file of the repository's that the ledger does not know.
            ledger.put(name, new Ledger.Entry(followed.key(), version));
            Files.move(staged, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
        return true;
    }

    /** Removes a file the repository installed; any other file stays. */
    void remove(String fileName) throws IOException {
        if (ledger.get(fileName) != null) {
            Files.deleteIfExists(plugins.resolve(fileName));
            ledger.remove(fileName);
        }
    }
}
