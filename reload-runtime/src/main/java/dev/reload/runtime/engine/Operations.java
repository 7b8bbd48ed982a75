package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginVersion;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What an operator asks of the engine through management: pin, unpin, roll back and reload. Pin, unpin and reload
 * also clear the marks of versions that failed their bake: an operator asking is reason to try them again. Each is called from a
 * management thread, and decides on the engine's thread, so that it sees the engine's state as the engine does and
 * never races a scan.
 */
final class Operations {

    /** Logs as the engine, so that logging configured for the engine keeps covering what operators do. */
    private static final Log LOG = Log.get(Engine.class);

    private final Engine engine;
    /** The refusals of the operation running on the engine's thread, to answer with. */
    private List<String> rejections;

    Operations(Engine engine) {
        this.engine = engine;
    }

    /**
     * Pins {@code id} to {@code version}, activating it if another version serves. Waits for the load.
     *
     * @return what was done
     * @throws IllegalStateException    naming why it cannot be done; nothing changed then
     * @throws IllegalArgumentException if {@code version} is not a version
     */
    String pin(String id, String version) {
        PluginVersion wanted = parseVersion(version);
        return operate(() -> {
            requireKnown(id);
            Scan scan = requireScan();
            List<Candidate> ofId = DirectoryView.candidatesById(scan).getOrDefault(id, List.of());
            Candidate match = ofId.stream().filter(c -> c.coordinates().version().compareTo(wanted) == 0)
                    .findFirst().orElse(null);
            if (match == null) {
                throw new IllegalStateException("no usable jar of " + id + " " + version + " in "
                        + engine.directory() + describePresent(id, ofId));
            }
            String pinned = match.coordinates().version().toString();
            String before = activeVersion(id);
            engine.badVersions().clear(id, "pin");
            pinAndActivate(id, pinned, scan, "cannot pin " + id + " to " + pinned);
            return "pinned " + id + " to " + pinned + describeChange(before, activeVersion(id));
        });
    }

    /**
     * Removes the pin of {@code id} and the marks of its versions that failed their bake; the highest version
     * present becomes active. Waits for the load.
     *
     * @return what was done
     * @throws IllegalStateException if {@code id} is neither pinned nor has a version marked bad
     */
    String unpin(String id) {
        return operate(() -> {
            requireKnown(id);
            String pin = engine.pins().get(id);
            Set<String> bad = engine.badVersions().of(id).keySet();
            if (pin == null && bad.isEmpty()) {
                throw new IllegalStateException(id + " is not pinned" + describeServingSuffix(id));
            }
            String before = activeVersion(id);
            if (pin != null) {
                setPin(id, null);
            }
            engine.badVersions().clear(id, "unpin");
            Scan scan = engine.readDirectory();
            if (scan != null) {
                engine.settleNow(scan);
            }
            return (pin == null ? "" : "unpinned " + id + " (was pinned to " + pin + ")")
                    + (bad.isEmpty() ? "" : (pin == null ? "" : "; ") + "cleared the bad mark of " + id + " "
                    + String.join(", ", bad))
                    + describeChange(before, activeVersion(id)) + describeRejections();
        });
    }

    /**
     * Activates the version of {@code id} that was active before the current one and is still present, and pins
     * it there. Waits for the load.
     *
     * @return what was done
     * @throws IllegalStateException naming why there is nothing to roll back to
     */
    String rollback(String id) {
        return operate(() -> {
            requireKnown(id);
            LoadedPlugin current = engine.activeOf(id);
            if (current == null) {
                throw new IllegalStateException(id + " has no active version to roll back from");
            }
            Scan scan = requireScan();
            List<Candidate> ofId = DirectoryView.candidatesById(scan).getOrDefault(id, List.of());
            Deque<String> versions = engine.history(id);
            List<String> earlier = new ArrayList<>(versions);
            int i = earlier.size() - 1;
            while (i >= 0 && earlier.get(i).equals(current.version())) {
                i--;
            }
            while (i >= 0 && (earlier.get(i).equals(current.version()) || !isPresent(ofId, earlier.get(i)))) {
                i--;
            }
            if (i < 0) {
                throw new IllegalStateException("no version of " + id + " that was active before "
                        + current.version() + " is still in " + engine.directory() + " (active so far: "
                        + String.join(", ", earlier) + ")");
            }
            String target = earlier.get(i);
            pinAndActivate(id, target, scan, "cannot roll " + id + " back to " + target);
            // What was rolled back from is not a version to roll back to.
            while (versions.size() > i + 1) {
                versions.removeLast();
            }
            return "rolled " + id + " back from " + current.version() + " to " + target + "; pinned to " + target
                    + " until unpin";
        });
    }

    /**
     * Reads the plugins directory and the configuration files as they are now, without waiting for them to
     * settle, and waits for what changed to load.
     *
     * @param id the plugin to answer about, or {@code null} for all
     * @return each plugin's active version afterwards, and what changed
     */
    String reload(String id) {
        return operate(() -> {
            if (id != null) {
                requireKnown(id);
            }
            Map<String, PluginStats> stats = engine.stats();
            Map<String, String> before = new TreeMap<>();
            stats.forEach((pluginId, s) -> before.put(pluginId, s.activeVersion()));
            engine.forgetRefusedConfigs();
            engine.badVersions().clear(id, "reload");
            Scan scan = requireScan();
            engine.settleNow(scan);
            List<String> lines = new ArrayList<>();
            for (String pluginId : new TreeSet<>(stats.keySet())) {
                if (id == null || id.equals(pluginId)) {
                    String now = activeVersion(pluginId);
                    String was = before.get(pluginId);
                    lines.add(pluginId + ": " + (now == null ? "no version active" : now + " active")
                            + (Objects.equals(was, now) ? ", unchanged"
                            : was == null ? "" : " (was " + was + ")"));
                }
            }
            if (lines.isEmpty()) {
                lines.add("no plugins in " + engine.directory());
            }
            return String.join(System.lineSeparator(), lines) + describeRejections();
        });
    }

    /**
     * Runs an operation on the engine's thread once no load is in flight, so that it sees, and decides on, a
     * settled state.
     */
    private String operate(Callable<String> operation) {
        if (engine.closing()) {
            throw new IllegalStateException("the runtime is shutting down");
        }
        long deadline = System.nanoTime() + 2 * (engine.options().instantiateTimeout().toNanos()
                + engine.options().drainTimeout().toNanos()) + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            Object result = onEngineThread(() -> {
                if (engine.closing()) {
                    throw new IllegalStateException("the runtime is shutting down");
                }
                List<CompletableFuture<LoadedPlugin>> inFlight = engine.loadsInFlight();
                if (!inFlight.isEmpty()) {
                    return inFlight;
                }
                rejections = new ArrayList<>();
                engine.collectRejections(rejections);
                try {
                    return operation.call();
                } finally {
                    engine.collectRejections(null);
                    rejections = null;
                }
            }, deadline);
            if (result instanceof String) {
                return (String) result;
            }
            List<?> inFlight = (List<?>) result;
            try {
                CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).handle((r, e) -> null)
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                // The engine's thread takes up each finished load right after it completes.
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for loads in flight");
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("loads in flight did not finish in time; try again later");
            }
        }
    }

    private <T> T onEngineThread(Callable<T> task, long deadline) {
        Future<T> future;
        try {
            future = engine.submit(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the runtime is closed");
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Not started: it never will be. Started: it finishes, and its effect shows in the status.
            boolean notStarted = future.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted" + (notStarted ? "; nothing was done"
                    : " while the operation ran; see the status for its effect"));
        } catch (TimeoutException e) {
            if (future.cancel(false)) {
                throw new IllegalStateException("the runtime is busy (a swap is draining or a load is running); "
                        + "nothing was done, try again later");
            }
            throw new IllegalStateException("the operation is taking longer than expected and goes on in the "
                    + "background; see the status for its effect");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private static boolean isPresent(List<Candidate> candidates, String version) {
        return candidates.stream().anyMatch(c -> c.coordinates().version().toString().equals(version));
    }

    private static PluginVersion parseVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("no version given");
        }
        return PluginVersion.parse(version.strip());
    }

    private void requireKnown(String id) {
        Map<String, PluginStats> stats = engine.stats();
        if (id == null || !stats.containsKey(id)) {
            throw new IllegalStateException("no plugin '" + id + "' in " + engine.directory() + "; plugins: "
                    + (stats.isEmpty() ? "none" : String.join(", ", new TreeSet<>(stats.keySet()))));
        }
    }

    private Scan requireScan() {
        // An operator asking is reason enough to try again what failed only for want of time.
        engine.retryRefusedHandovers();
        Scan scan = engine.readDirectory();
        if (scan == null) {
            String untrusted = engine.lastUntrusted();
            throw new IllegalStateException("cannot read the plugins directory " + engine.directory()
                    + (untrusted == null ? "" : ": " + untrusted));
        }
        return scan;
    }

    private void setPin(String id, String version) {
        try {
            engine.pins().set(id, version);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + engine.directory().resolve(Pins.FILE_NAME) + ": " + e);
        }
        engine.statsOf(id).pinned(version);
        LOG.info(version == null ? id + ": unpinned" : id + ": pinned to " + version);
    }

    /** Pins and waits for the pinned version to serve; when it does not, puts the previous pin back and says why. */
    private void pinAndActivate(String id, String version, Scan scan, String refusal) {
        String previous = engine.pins().get(id);
        setPin(id, version);
        engine.settlePinning(id, scan);
        if (isActive(id, version)) {
            return;
        }
        String refused = describeRefusals();
        setPin(id, previous);
        Scan again = engine.readDirectory();
        if (again != null) {
            engine.settleNow(again);
        }
        throw new IllegalStateException(refusal + ": " + refused + "; " + describeServing(id));
    }

    private String activeVersion(String id) {
        LoadedPlugin current = engine.activeOf(id);
        return current == null ? null : current.version();
    }

    private boolean isActive(String id, String version) {
        LoadedPlugin current = engine.activeOf(id);
        return current != null && current.coordinates().version().compareTo(PluginVersion.parse(version)) == 0;
    }

    private String describePresent(String id, List<Candidate> ofId) {
        String last = engine.statsOf(id).lastRejection();
        return "; versions present: " + (ofId.isEmpty() ? "none" : ofId.stream().sorted(DirectoryView.HIGHEST_FIRST)
                .map(c -> c.coordinates().version().toString()).distinct()
                .collect(Collectors.joining(", ")))
                + (last == null ? "" : "; last refusal: " + last);
    }

    private String describeRefusals() {
        return rejections == null || rejections.isEmpty() ? "it did not become active"
                : String.join("; ", rejections);
    }

    private String describeRejections() {
        return rejections == null || rejections.isEmpty() ? ""
                : System.lineSeparator() + "refused: " + String.join(System.lineSeparator() + "refused: ",
                rejections);
    }

    private String describeServing(String id) {
        String now = activeVersion(id);
        return now == null ? "no version of " + id + " serves" : now + " keeps serving";
    }

    private String describeServingSuffix(String id) {
        String now = activeVersion(id);
        return now == null ? "" : "; " + now + " serves";
    }

    private static String describeChange(String before, String after) {
        if (after == null) {
            return "; no version active";
        }
        if (before == null) {
            return "; " + after + " active";
        }
        return before.equals(after) ? "; " + after + " stays active" : "; swapped " + before + " -> " + after;
    }
}
