package dev.reload.runtime.watch;

import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.trust.FilePermissions;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What the plugins directory holds, as a series of scans. A jar becomes a {@link Candidate} only once it reads as a
 * valid zip and its size, modification time and file key have stayed the same for the settle time, so that a jar
 * still being copied in is never loaded half-written. A jar that fails those checks once it has settled is rejected
 * until it changes again.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
public final class PluginDirectory {

    private final Path directory;
    private final long settleNanos;
    private final Map<Path, Observation> observations = new HashMap<>();
    private long nextObservation;

    private final JarLimits limits;
    private final boolean strictPermissions;

    /**
     * @param directory         the plugins directory
     * @param settle            how long a file must stay unchanged before it is read
     * @param limits            the zip limits
     * @param strictPermissions whether to refuse a directory or jar that other users can write to
     */
    public PluginDirectory(Path directory, Duration settle, JarLimits limits, boolean strictPermissions) {
        this.directory = directory;
        this.settleNanos = settle.toNanos();
        this.limits = limits;
        this.strictPermissions = strictPermissions;
    }

    /** @return why the directory itself must not be loaded from, or {@code null} when it may */
    public String untrusted() {
        return strictPermissions ? FilePermissions.problem(directory).orElse(null) : null;
    }

    public Path path() {
        return directory;
    }

    /**
     * @param trustSettled treat every file as settled, for the first scan at start-up
     * @return what the directory holds now
     * @throws IOException if the directory cannot be listed
     */
    public Scan scan(boolean trustSettled) throws IOException {
        long now = System.nanoTime();
        Map<Path, Observation> seen = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        long nextDeadline = Long.MAX_VALUE;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                if (!isPluginName(file)) {
                    continue;
                }
                Fingerprint fingerprint = fingerprint(file);
                if (fingerprint == null) {
                    continue;
                }
                Observation observation = observations.get(file);
                if (observation == null || !observation.fingerprint.equals(fingerprint)) {
                    observation = new Observation(++nextObservation, fingerprint, now);
                }
                seen.put(file, observation);
                if (observation.state == State.PENDING) {
                    long settledAt = observation.since + settleNanos;
                    if (trustSettled || now - settledAt >= 0) {
                        settle(file, observation, rejections);
                    } else {
                        nextDeadline = Math.min(nextDeadline, settledAt);
                    }
                }
                if (observation.state == State.READY) {
                    candidates.add(new Candidate(file, observation.coordinates, observation.id));
                }
            }
        }
        if (!Files.isDirectory(directory)) {
            // The directory went away while it was listed: what the listing missed says nothing about the jars.
            throw new NoSuchFileException(directory.toString());
        }
        observations.clear();
        observations.putAll(seen);
        Map<Path, Boolean> present = new HashMap<>();
        seen.forEach((file, observation) -> present.put(file, observation.state == State.READY));
        return new Scan(candidates, rejections, present,
                nextDeadline == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, nextDeadline - now)));
    }

    /** Marks a candidate that failed to load as rejected until its file changes. */
    public void reject(Candidate candidate) {
        Observation observation = observations.get(candidate.file());
        if (observation != null && observation.id == candidate.observation()) {
            observation.state = State.REJECTED;
        }
    }

    /**
     * Makes a jar that failed to load a candidate again without waiting for it to change, for when what made it
     * fail (its plugin's configuration) has changed.
     */
    public void retry(Path file) {
        Observation observation = observations.get(file);
        if (observation != null && observation.state == State.REJECTED && observation.coordinates != null) {
            observation.state = State.READY;
        }
    }

    /** @return whether {@code candidate} is still what its file holds */
    public boolean isCurrent(Candidate candidate) {
        Observation observation = observations.get(candidate.file());
        return observation != null && observation.id == candidate.observation() && observation.state == State.READY;
    }

    private void settle(Path file, Observation observation, List<Rejection> rejections) {
        if (observation.fingerprint.unreadable() != null) {
            observation.state = State.REJECTED;
            rejections.add(new Rejection(file, observation.fingerprint.unreadable()));
            return;
        }
        if (!Files.isRegularFile(file)) {
            observation.state = State.REJECTED;
            rejections.add(new Rejection(file, Files.isDirectory(file) ? "a directory, not a jar file"
                    : "not a regular file"));
            return;
        }
        if (strictPermissions) {
            String untrusted = FilePermissions.problem(file).orElse(null);
            if (untrusted != null) {
                observation.state = State.REJECTED;
                rejections.add(new Rejection(file, untrusted));
                return;
            }
        }
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            String overLimit = limits.checkDeclared(jar);
            if (overLimit != null) {
                observation.state = State.REJECTED;
                rejections.add(new Rejection(file, overLimit));
                return;
            }
            Manifest manifest = jar.getManifest();
            observation.coordinates = PluginCoordinates.of(file.getFileName().toString(), manifest);
            observation.state = State.READY;
        } catch (NoSuchFileException e) {
            observation.state = State.REJECTED;
            rejections.add(new Rejection(file, "the file disappeared while it was being read"));
        } catch (AccessDeniedException e) {
            observation.state = State.REJECTED;
            rejections.add(new Rejection(file, "cannot read it: permission denied for the user this JVM runs as"));
        } catch (IOException | SecurityException e) {
            observation.state = State.REJECTED;
            String message = e.getMessage();
            rejections.add(new Rejection(file, "not a valid jar (zip) file"
                    + (message == null ? "" : ": " + message)));
        } catch (IllegalArgumentException e) {
            observation.state = State.REJECTED;
            rejections.add(new Rejection(file, e.getMessage()));
        }
    }

    private static boolean isPluginName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") && !name.startsWith(".");
    }

    /**
     * @return the file's fingerprint, or {@code null} when it is gone. A symbolic link that cannot be followed (a loop,
     *         a dangling target) gets the fingerprint of the link itself and a reason to be refused, so that it is
     *         reported once rather than ignored.
     */
    private static Fingerprint fingerprint(Path file) {
        try {
            return fingerprintOf(readAttributes(file), null);
        } catch (IOException e) {
            try {
                BasicFileAttributes link = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!link.isSymbolicLink()) {
                    // Gone between listing and reading: the next scan sees the directory as it is then.
                    return null;
                }
                String reason = e instanceof NoSuchFileException ? "a symbolic link to a file that does not exist"
                        : "a symbolic link that cannot be followed (" + e.getMessage() + ")";
                return fingerprintOf(link, reason);
            } catch (IOException gone) {
                return null;
            }
        }
    }

    private static Fingerprint fingerprintOf(BasicFileAttributes attributes, String unreadable) {
        // A chmod or chown changes whether a refused jar may load, and changes neither size nor time.
        Object access = null;
        if (attributes instanceof PosixFileAttributes) {
            PosixFileAttributes posix = (PosixFileAttributes) attributes;
            access = List.of(posix.permissions(), posix.owner());
        }
        return new Fingerprint(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(),
                attributes.isDirectory(), access, unreadable);
    }

    private static BasicFileAttributes readAttributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(file, BasicFileAttributes.class);
        }
    }

    private enum State { PENDING, READY, REJECTED }


    private record Fingerprint(long size, FileTime modified, Object key, boolean directory, Object access,
                               String unreadable) {
    }

    private static final class Observation {
        final long id;
        final Fingerprint fingerprint;
        final long since;
        State state = State.PENDING;
        PluginCoordinates coordinates;

        Observation(long id, Fingerprint fingerprint, long since) {
            this.id = id;
            this.fingerprint = fingerprint;
            this.since = since;
        }
    }

    /**
     * A settled, readable jar that may be loaded.
     *
     * @param file        the jar
     * @param coordinates its id and version
     * @param observation identifies this content of the file: a file changed in place gets a new one
     */
    public record Candidate(Path file, PluginCoordinates coordinates, long observation) {
        public Candidate {
            Objects.requireNonNull(file);
            Objects.requireNonNull(coordinates);
        }
    }

    /**
     * A file refused before loading.
     */
    public record Rejection(Path file, String reason) {
    }

    /**
     * @param candidates  settled jars that may be loaded
     * @param rejections  files refused by this scan, each reported once
     * @param present     every plugin file in the directory, mapped to whether it is a candidate
     * @param settleAgain when to scan again for files still settling, or {@code null}
     */
    public record Scan(List<Candidate> candidates, List<Rejection> rejections, Map<Path, Boolean> present,
                       Duration settleAgain) {
    }
}
