package dev.reload.runtime.trust;

import dev.reload.testkit.Greeters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FilePermissionsTest {

    @TempDir
    Path dir;

    private Path plugins;
    private Path jar;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(FilePermissions.appliesTo(dir), "POSIX file permissions only");
        plugins = Files.createDirectory(dir.resolve("plugins"));
        jar = Files.write(plugins.resolve("greeter-1.0.0.jar"), new byte[] {'P', 'K', 5, 6});
        chmod(plugins, "rwx------");
        chmod(jar, "rw-r--r--");
    }

    private static void chmod(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    @Test
    void aPrivateDirectoryAndAJarOnlyItsOwnerCanWritePass() {
        assertThat(FilePermissions.problem(plugins)).isEmpty();
        assertThat(FilePermissions.problem(jar)).isEmpty();
    }

    @Test
    void aRealPluginJarWithTheUsualPermissionsPasses() throws IOException {
        Path real = Greeters.version("1.0.0").writeTo(plugins);
        chmod(real, "rw-r--r--");

        assertThat(FilePermissions.problem(real)).isEmpty();
    }

    @Test
    void aDirectoryEveryoneCanWriteIsRefusedWithTheFixAndTheOption() throws IOException {
        chmod(plugins, "rwxrwxrwx");

        assertThat(FilePermissions.problem(plugins)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("directory " + plugins + " is writable by its group and by other users (rwxrwxrwx)")
                .contains("run chmod go-w " + plugins)
                .contains("strictPermissions=false"));
    }

    @Test
    void aJarEveryoneCanWriteIsRefusedWithTheFixAndTheOption() throws IOException {
        chmod(jar, "rw-rw-rw-");

        assertThat(FilePermissions.problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("file " + jar + " is writable by its group and by other users (rw-rw-rw-)")
                .contains("run chmod go-w " + jar)
                .contains("strictPermissions=false"));
    }

    @Test
    void aJarItsGroupCanWriteIsRefusedToo() throws IOException {
        chmod(jar, "rw-rw-r--");

        assertThat(FilePermissions.problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("file " + jar + " is writable by its group (rw-rw-r--)")
                .contains("run chmod go-w " + jar)
                .contains("strictPermissions=false"));
    }

    @Test
    void aJarOnlyOtherUsersCanWriteIsRefused() throws IOException {
        chmod(jar, "rw-r--rw-");

        assertThat(FilePermissions.problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("file " + jar + " is writable by other users (rw-r--rw-)"));
    }

    @Test
    void theDirectoriesAboveThePluginsDirectoryAreNotChecked() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path inside = Files.createDirectory(shared.resolve("plugins"));
        chmod(inside, "rwx------");
        chmod(shared, "rwxrwxrwx");

        assertThat(FilePermissions.problem(inside)).isEmpty();
    }

    @Test
    void theSuggestedCommandQuotesAPathWithSpaces() throws IOException {
        Path spaced = Files.createDirectory(dir.resolve("my plugins"));
        chmod(spaced, "rwxrwxr-x");

        assertThat(FilePermissions.problem(spaced)).hasValueSatisfying(message -> assertThat(message)
                .contains("run chmod go-w '" + spaced + "'"));
    }

    @Test
    void aJarOwnedByAnotherUserIsRefusedNamingTheOwner() throws IOException {
        UserPrincipal nobody;
        try {
            nobody = jar.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(jar, nobody);
        } catch (IOException e) {
            assumeTrue(false, "needs a 'nobody' account and the right to chown (root): " + e);
            return;
        }

        assertThat(FilePermissions.problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("file " + jar + " is owned by nobody, not by root")
                .contains("run chown ")
                .contains("strictPermissions=false"));
    }

    @Test
    void aPathThatCannotBeReadIsRefusedRatherThanPassed() {
        Path missing = plugins.resolve("gone.jar");

        assertThat(FilePermissions.problem(missing)).hasValueSatisfying(message -> assertThat(message)
                .isEqualTo("cannot read the permissions of " + missing + ": it does not exist; set"
                        + " strictPermissions=false to skip this check"));
    }
}
