package dev.reload.runtime.fleet;

import dev.reload.runtime.manage.CandidateStatus;
import dev.reload.runtime.manage.FollowedStatus;
import dev.reload.runtime.plugin.PluginVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the last polls said about each followed artifact, for status and management. Thread-safe. */
final class FollowedStates {

    private record State(RolloutPlan plan, String installed, Instant lastSuccess, String lastError) {
    }

    private final FleetFile fleet;
    private final Function<String, Collection<String>> badVersions;
    private final Map<String, State> states = new LinkedHashMap<>();

    /** @param badVersions a plugin's id to its versions marked bad on this node, read from any thread */
    FollowedStates(FleetFile fleet, Function<String, Collection<String>> badVersions) {
        this.fleet = fleet;
        this.badVersions = badVersions;
        fleet.followed().forEach(f -> states.put(f.key(), new State(null, null, null, null)));
    }

    synchronized void succeeded(Followed followed, RolloutPlan plan, String installed, Instant now) {
        states.put(followed.key(), new State(plan, installed, now, null));
    }

    synchronized void failed(Followed followed, String installed, String error) {
        State state = states.get(followed.key());
        states.put(followed.key(), new State(state.plan, installed, state.lastSuccess, error));
    }

    synchronized List<FollowedStatus> status() {
        List<FollowedStatus> status = new ArrayList<>();
        for (Followed followed : fleet.followed()) {
            State state = states.get(followed.key());
            List<CandidateStatus> candidates = new ArrayList<>();
            String newest = null;
            if (state.plan != null) {
                newest = state.plan.newest();
                for (RolloutPlan.Candidate c : state.plan.pending()) {
                    candidates.add(new CandidateStatus(c.version(), c.percent(), c.bucket() / 100.0, c.eligible()));
                }
            }
            status.add(new FollowedStatus(followed.key(), followed.coordinate(), fleet.repository().toString(),
                    newest, state.installed, candidates, bad(followed),
                    state.lastSuccess == null ? null : state.lastSuccess.toString(), state.lastError));
        }
        return status;
    }

    /**
     * @return the versions of the plugin {@code followed} installs that are marked bad here, lowest first, whoever
     *         put their jars in; none for a configuration, which the bake does not judge
     */
    private List<String> bad(Followed followed) {
        if (followed.config()) {
            return List.of();
        }
        return badVersions.apply(followed.artifactId()).stream()
                .sorted(Comparator.comparing(PluginVersion::parse)).toList();
    }

    /** @return one line per followed artifact */
    String summary() {
        List<String> lines = new ArrayList<>();
        for (FollowedStatus s : status()) {
            lines.add(s.getKey() + ": " + (s.getInstalled() == null ? "no version" : s.getInstalled())
                    + (s.getNewestSeen() == null ? "" : ", newest in the repository " + s.getNewestSeen())
                    + (s.getLastError() == null ? "" : ", last error: " + s.getLastError()));
        }
        return String.join(System.lineSeparator(), lines);
    }
}
