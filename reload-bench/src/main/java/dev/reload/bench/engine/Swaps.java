package dev.reload.bench.engine;

import dev.reload.api.ServiceRegistry;
import dev.reload.bench.subject.Scorer;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.ReloadRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running runtime on a fresh plugins directory holding version 0 of the scorer plugin, with versions 1 to
 * {@code versions} staged beside it, ready to be swapped in one by one. The benchmarks that do many swaps share it.
 */
final class Swaps implements AutoCloseable {

    static final String FILE_NAME = "scorer.jar";
    static final long TIMEOUT_MILLIS = 60_000;

    private final DeploymentArea area = new DeploymentArea();
    private final List<Path> staged = new ArrayList<>();
    private final EventLog events = new EventLog();
    private final ReloadRuntime runtime;
    private final Scorer proxy;

    /**
     * @param versions how many versions to stage
     * @param settle   the runtime's settle time
     */
    Swaps(int versions, Duration settle) {
        area.install(FILE_NAME, ScorerPlugins.jar("scorer", 0, 1, false));
        for (int n = 1; n <= versions; n++) {
            staged.add(area.stage(ScorerPlugins.jar("scorer", n, 1, false)));
        }
        ServiceRegistry.addListener(events);
        runtime = ReloadRuntime.start(ReloadOptions.defaults().withPlugins(area.plugins()).withSettleTime(settle));
        proxy = ServiceRegistry.get(Scorer.class);
    }

    Scorer proxy() {
        return proxy;
    }

    EventLog events() {
        return events;
    }

    /**
     * Renames version {@code n} into the plugins directory.
     *
     * @return {@link System#nanoTime()} just before the rename
     */
    long deploy(int n) {
        return area.deploy(staged.get(n - 1), FILE_NAME);
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            ServiceRegistry.removeListener(events);
            area.close();
        }
        if (events.rejected() > 0) {
            throw new IllegalStateException(events.rejected() + " jar(s) rejected; the measurement is void");
        }
    }
}
