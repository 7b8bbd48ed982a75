package dev.reload.runtime.trust;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses a plugins directory or a plugin jar that another user could write, in the spirit of sshd's
 * {@code StrictModes}: whoever can write a jar, or add one to the directory, runs code in this JVM.
 *
 * <p>On a POSIX file system a path is refused when
 * <ul>
 *   <li>its group or other users may write it. Group-writable is refused too, although a group is sometimes a
 *   deliberate team: group membership is easy to widen without anyone thinking of this JVM, and on Linux a POSIX
 *   ACL that grants write to a named user or group shows up in exactly the group bits (they hold the ACL mask), so
 *   refusing them catches ACL grants as well. The sticky bit does not help a directory: others still add new
 *   jars to it; or</li>
 *   <li>it is owned by a user other than root and the user this JVM runs as (the account named by the system
 *   property {@code user.name}, which the JDK takes from the process's user id, not from the environment). If that
 *   account cannot be looked up, as for a container user without a {@code passwd} entry, only root-owned paths
 *   pass.</li>
 * </ul>
 *
 * <p>Only the path itself is checked, not the directories above it: a plugins directory with mode 700 under
 * {@code /tmp} passes. A symbolic link is followed and its target checked, since the link's own mode means
 * nothing.
 *
 * <p>On a file system without POSIX attributes (Windows, NTFS) nothing is checked and {@link #appliesTo(Path)}
 * answers {@code false}, so that the caller can say so once. Reading Windows ACLs is not simple enough to get
 * right here: the Java API names principals by their localized account names ({@code BUILTIN\Administrators}
 * differs per language) rather than by SID, and inherited and deny entries would have to be weighed.
 *
 * <p>Stateless and thread-safe.
 */
public final class FilePermissions {

    /** The option that turns this check off. */
    public static final String OPTION = "strictPermissions";

    private static final String TURN_OFF = "set " + OPTION + "=false to skip this check";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private FilePermissions() {
    }

    /**
     * @param path a directory or a file
     * @return whether {@link #problem(Path)} can check it: {@code false} on a file system without POSIX attributes
     */
    public static boolean appliesTo(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    /**
     * Checks one path: the plugins directory, or one jar in it.
     *
     * @param path the directory or file
     * @return why the path may not be trusted, naming it, what is wrong, the command that fixes it and the option
     *         {@value #OPTION}; empty if it may, or if the file system has no POSIX attributes. A path whose
     *         attributes cannot be read (gone, no permission) is refused with the reason.
     */
    public static Optional<String> problem(Path path) {
        if (!appliesTo(path)) {
            return Optional.empty();
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (IOException e) {
            return Optional.of("cannot read the permissions of " + path + ": " + describe(e) + "; " + TURN_OFF);
        }
        String what = (attributes.isDirectory() ? "directory " : "file ") + path;
        Optional<String> owner = ownerProblem(path, what, attributes.owner());
        if (owner.isPresent()) {
            return owner;
        }
        return writeProblem(path, what, attributes.permissions());
    }

    private static Optional<String> ownerProblem(Path path, String what, UserPrincipal owner) {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal root = lookup(users, "root");
        String jvmUserName = System.getProperty("user.name");
        UserPrincipal jvmUser = lookup(users, jvmUserName);
        if (owner.equals(root) || owner.equals(jvmUser)) {
            return Optional.empty();
        }
        String allowed;
        String fix;
        if (jvmUser == null) {
            allowed = "not by root; the user this JVM runs as (user.name=" + jvmUserName
                    + ") has no account to compare with";
            fix = "chown root " + quote(path);
        } else if (jvmUser.equals(root)) {
            allowed = "not by root, the user this JVM runs as";
            fix = "chown root " + quote(path);
        } else {
            allowed = "not by root or by " + jvmUser.getName() + ", the user this JVM runs as";
            fix = "chown " + jvmUser.getName() + " " + quote(path);
        }
        return Optional.of(what + " is owned by " + owner.getName() + ", " + allowed + ", so " + owner.getName()
                + " could put code into this JVM: run " + fix + ", or " + TURN_OFF);
    }

    private static Optional<String> writeProblem(Path path, String what, Set<PosixFilePermission> permissions) {
        boolean group = permissions.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = permissions.contains(PosixFilePermission.OTHERS_WRITE);
        if (!group && !others) {
            return Optional.empty();
        }
        String by = group && others ? "its group and by other users" : group ? "its group" : "other users";
        return Optional.of(what + " is writable by " + by + " (" + PosixFilePermissions.toString(permissions)
                + "), so another user could put code into this JVM: run chmod go-w " + quote(path) + ", or "
                + TURN_OFF);
    }

    private static UserPrincipal lookup(UserPrincipalLookupService users, String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return users.lookupPrincipalByName(name);
        } catch (IOException e) {
            // UserPrincipalNotFoundException included: no such account, so it owns nothing here.
            return null;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Quotes a path for a POSIX shell, so that the suggested command can be pasted as it is. */
    private static String quote(Path path) {
        String text = path.toString();
        return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
