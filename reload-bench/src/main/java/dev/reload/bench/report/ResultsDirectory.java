package dev.reload.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark writes what it measured: a Markdown report, also printed, and raw data beside it. */
public final class ResultsDirectory {

    private final Path directory;

    public ResultsDirectory(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the directory named by the first argument, or {@code reload-bench/target/results} */
    public static ResultsDirectory fromArgs(String[] args) {
        return new ResultsDirectory(Path.of(args.length > 0 ? args[0] : "reload-bench/target/results"));
    }

    public Path path() {
        return directory;
    }

    public Path resolve(String fileName) {
        return directory.resolve(fileName);
    }

    /** Writes {@code text} to {@code fileName} and to standard output. */
    public void write(String fileName, String text) {
        System.out.println(text);
        try {
            Files.writeString(directory.resolve(fileName), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
