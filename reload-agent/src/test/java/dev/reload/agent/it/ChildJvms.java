package dev.reload.agent.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The child JVMs of one test: register with {@code @RegisterExtension}, start children through it, and each is
 * killed after the test whatever happened. When the test fails, everything each child printed goes to standard
 * error, so that the report shows what the child saw; with {@code -Dreload.it.transcripts=true} it goes there after
 * every test.
 */
final class ChildJvms implements AfterEachCallback, TestExecutionExceptionHandler {

    private static final boolean ALWAYS_PRINT = Boolean.getBoolean("reload.it.transcripts");

    private final List<ChildJvm> started = new CopyOnWriteArrayList<>();
    private final Path temp;

    /** JUnit makes a test instance, and with it this extension, per test: the directory is the test's own. */
    ChildJvms() {
        try {
            temp = Files.createTempDirectory("reload-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a scratch directory for this test, deleted after it */
    Path temp() {
        return temp;
    }

    /** @return the plugins directory {@code <temp>/plugins}, created empty */
    Path plugins() {
        try {
            return Files.createDirectories(temp.resolve("plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChildJvm start(ChildJvm.Launch launch) {
        ChildJvm child = launch.start();
        started.add(child);
        return child;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (ChildJvm child : started) {
            System.err.println("=== " + context.getDisplayName() + " failed; " + child.transcript());
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (ChildJvm child : started) {
            child.close();
            if (ALWAYS_PRINT && context.getExecutionException().isEmpty()) {
                System.err.println("=== " + context.getDisplayName() + "; " + child.transcript());
            }
        }
        started.clear();
        try (Stream<Path> files = Files.walk(temp)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // A leftover scratch directory in java.io.tmpdir is harmless.
        }
    }
}
