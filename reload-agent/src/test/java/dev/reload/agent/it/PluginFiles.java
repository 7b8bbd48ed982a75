package dev.reload.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/** Ways a file lands in the plugins directory: moved in whole, as a careful deployment does, or copied slowly. */
final class PluginFiles {

    private PluginFiles() {
    }

    /** Writes {@code content} beside {@code directory}, then moves it in as {@code fileName} atomically. */
    static Path moveInto(Path directory, String fileName, byte[] content) {
        Path target = directory.resolve(fileName);
        try {
            Path staging = Files.createTempFile(directory.getParent(), ".staging-", ".tmp");
            Files.write(staging, content);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /**
     * Starts a copy that is not atomic: writes the first half of {@code content} to {@code target}, truncating what
     * was there. {@link SlowCopy#finish()} appends the rest.
     */
    static SlowCopy startCopy(byte[] content, Path target) {
        int half = content.length / 2;
        try {
            Files.write(target, Arrays.copyOfRange(content, 0, half));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SlowCopy(target, Arrays.copyOfRange(content, half, content.length));
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy into the plugins directory that has written its first half. */
    static final class SlowCopy {

        private final Path target;
        private final byte[] rest;

        private SlowCopy(Path target, byte[] rest) {
            this.target = target;
            this.rest = rest;
        }

        /** Stalls the copy: the pause is the point here, not a wait for something. */
        SlowCopy stall(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while copying " + target, e);
            }
            return this;
        }

        /** Appends the rest. */
        void finish() {
            try {
                Files.write(target, rest, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
