package dev.reload.testkit;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ReloadListener;
import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * An embedded runtime on a fresh plugins directory, with every event it fires recorded; closed after each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * final RuntimeFixture fixture = new RuntimeFixture();
 * }</pre>
 */
public final class RuntimeFixture implements BeforeEachCallback, AfterEachCallback {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private final List<ReloadEvent> events = new CopyOnWriteArrayList<>();
    private final ReloadListener listener = events::add;
    private final Path root;
    private final Path plugins;
    private ReloadRuntime runtime;

    /** JUnit makes a test instance, and with it this fixture, per test: the directories are the test's own. */
    public RuntimeFixture() {
        try {
            root = Files.createTempDirectory("reload-test-");
            plugins = Files.createDirectories(root.resolve("plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ServiceRegistry.addListener(listener);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        ServiceRegistry.removeListener(listener);
        Probe.release();
        if (runtime != null) {
            runtime.close();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** @return a scratch directory beside the plugins directory */
    public Path root() {
        return root;
    }

    public Path plugins() {
        return plugins;
    }

    public List<ReloadEvent> events() {
        return events;
    }

    public ReloadRuntime runtime() {
        return runtime;
    }

    /** @return options for this fixture's directory, with a short settle time and drain timeout */
    public ReloadOptions options() {
        return ReloadOptions.defaults().withPlugins(plugins).withSettleTime(Duration.ofMillis(50))
                .withDrainTimeout(Duration.ofSeconds(5));
    }

    public ReloadRuntime start(ReloadOptions options) {
        runtime = ReloadRuntime.start(options);
        return runtime;
    }

    /** Starts with {@link #options()} and returns the {@link Greeter} proxy. */
    public Greeter startGreeter() {
        start(options());
        return ServiceRegistry.get(Greeter.class);
    }

    public void awaitEvent(ReloadEvent event) {
        await().atMost(WAIT).until(() -> events.contains(event));
    }

    public void awaitServing(Greeter greeter, String version) {
        await().atMost(WAIT).ignoreExceptions().until(() -> greeter.greet("x").equals(version + ":x"));
    }

    /** Waits for a rejection of {@code file} whose reason contains every one of {@code causes}. */
    public void awaitRejected(Path file, String... causes) {
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e instanceof ReloadEvent.Rejected
                && ((ReloadEvent.Rejected) e).file().equals(file)
                && Stream.of(causes).allMatch(((ReloadEvent.Rejected) e).reason()::contains)));
    }
}
