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
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What the plugins directory holds, as a series of scans. A jar becomes a {@link Candidate} only once it reads as a
 * valid zip and its size, modification time and file key have stayed the same for the settle time, so that a jar
 * still being copied in is never loaded half-written. A jar that fails those checks once it has settled is rejected
 * until it changes again.
 *
 * <p>Two exceptions make the common cases right. A new file (a path not seen before, or a different file key: an
 * atomic rename) that is complete when first seen, its last bytes a zip's end record and its size and time the same
 * at a second look, is read at once: nothing is writing it. And a file that does not read as a zip yet is waited for,
 * and refused only once it has stayed unchanged for the grace time, so that a copy that stalls is not reported as a
 * bad jar before it finishes.
 *
 * <p>Not thread-safe: the engine's thread owns it.
 */
public final class PluginDirectory {

    /** Between the two looks at a new file: long enough for a writer still at work to change its size or time. */
    private static final long SECOND_LOOK_NANOS = 1_000_000;

    private final Path directory;
    private final long settleNanos;
    private final long graceNanos;
    private final Map<Path, Observation> observations = new HashMap<>();
    private long nextObservation;

    private final JarLimits limits;
    private final boolean strictPermissions;

    /**
     * @param directory         the plugins directory
     * @param settle            how long a file must stay unchanged before it is read
     * @param grace             how long a file that is not a valid zip must stay unchanged before it is refused
     * @param limits            the zip limits
     * @param strictPermissions whether to refuse a directory or jar that other users can write to
     */
    public PluginDirectory(Path directory, Duration settle, Duration grace, JarLimits limits,
                           boolean strictPermissions) {
        this.directory = directory;
        this.settleNanos = settle.toNanos();
        this.graceNanos = Math.max(settleNanos, grace.toNanos());
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
     * @param trustSettled treat every file as settled, for the first scan at start-up; one that is not a zip yet still
     *                     gets the grace time, since the JVM may have started in the middle of its copy
     * @return what the directory holds now
     * @throws IOException if the directory cannot be listed
     */
    public Scan scan(boolean trustSettled) throws IOException {
        long now = System.nanoTime();
        Map<Path, Observation> seen = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        long nextDeadline = Long.MAX_VALUE;
        Map<Path, Observation> complete = new HashMap<>();
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
                    boolean newFile = observation == null
                            || !Objects.equals(observation.fingerprint.key(), fingerprint.key());
                    observation = new Observation(++nextObservation, fingerprint, now, now + settleNanos);
                    if (!trustSettled && newFile && fingerprint.unreadable() == null && !fingerprint.directory()
                            && ZipEnd.endsFile(file, fingerprint.size())) {
                        complete.put(file, observation);
                    }
                }
                seen.put(file, observation);
                if (!complete.containsKey(file)) {
                    nextDeadline = settleIfDue(file, observation, trustSettled, now, rejections, candidates,
                            nextDeadline);
                }
            }
        }
        if (!complete.isEmpty()) {
            nextDeadline = settleComplete(complete, rejections, candidates, nextDeadline);
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

    private long settleIfDue(Path file, Observation observation, boolean trustSettled, long now,
                             List<Rejection> rejections, List<Candidate> candidates, long nextDeadline) {
        if (observation.state == State.PENDING) {
            if (trustSettled || now - observation.due >= 0) {
                settle(file, observation, now, rejections);
            }
            if (observation.state == State.PENDING) {
                nextDeadline = Math.min(nextDeadline, observation.due);
            }
        }
        if (observation.state == State.READY) {
            candidates.add(new Candidate(file, observation.coordinates, observation.id));
        }
        return nextDeadline;
    }

    /**
     * Reads at once the new files that ended with a zip's end record, once a second look a millisecond later finds
     * each the same: a writer still at work would have moved its size or time. One pause serves them all.
     */
    private long settleComplete(Map<Path, Observation> complete, List<Rejection> rejections,
                                List<Candidate> candidates, long nextDeadline) {
        LockSupport.parkNanos(SECOND_LOOK_NANOS);
        long now = System.nanoTime();
        for (Map.Entry<Path, Observation> entry : complete.entrySet()) {
            Observation observation = entry.getValue();
            if (observation.fingerprint.equals(fingerprint(entry.getKey()))) {
                observation.due = now;
            }
            nextDeadline = settleIfDue(entry.getKey(), observation, false, now, rejections, candidates,
                    nextDeadline);
        }
        return nextDeadline;
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

    private void settle(Path file, Observation observation, long now, List<Rejection> rejections) {
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
            long refuseAt = observation.since + graceNanos;
            if (now - refuseAt < 0) {
                // Not a zip yet: most likely a copy that paused, or one the JVM started in the middle of; it is
                // refused only if it stays like this.
                observation.due = refuseAt;
                return;
            }
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
        /** When to read it next, while it is pending. */
        long due;
        State state = State.PENDING;
        PluginCoordinates coordinates;

        Observation(long id, Fingerprint fingerprint, long since, long due) {
            this.id = id;
            this.fingerprint = fingerprint;
            this.since = since;
            this.due = due;
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
