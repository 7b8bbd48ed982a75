package dev.reload.runtime.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which versions of one artifact this node may run now: those the repository still lists, that no descriptor
 * withdraws, and whose roll-out has reached this node's bucket. A pure function of what the repository says, the node
 * id and the time, so that every node decides alone and all decide alike.
 *
 * @param candidates every version the repository lists in the followed range, lowest first
 */
record RolloutPlan(List<Candidate> candidates) {

    /**
     * One version as this node sees it.
     *
     * @param version   the version
     * @param percent   its roll-out share now, in percent
     * @param bucket    this node's bucket for it, in hundredths
     * @param withdrawn whether a descriptor withdraws it
     */
    record Candidate(String version, double percent, int bucket, boolean withdrawn) {

        /** @return whether this node runs the version now */
        boolean eligible() {
            return !withdrawn && Buckets.takes(bucket, percent);
        }
    }

    RolloutPlan {
        candidates = List.copyOf(candidates);
    }

    /**
     * @param node      this node's id
     * @param groupId   the artifact's group
     * @param artifactId the artifact
     * @param versions  the versions the repository lists in the followed range, lowest first
     * @param schedules each version's schedule; a version without one goes to every node at once
     * @param now       the moment to decide for
     */
    static RolloutPlan of(String node, String groupId, String artifactId, List<String> versions,
                          Map<String, RolloutSchedule> schedules, Instant now) {
        Set<String> withdrawn = new HashSet<>();
        schedules.values().forEach(s -> withdrawn.addAll(s.withdrawn()));
        List<Candidate> candidates = new ArrayList<>();
        for (String version : versions) {
            RolloutSchedule schedule = schedules.getOrDefault(version, RolloutSchedule.IMMEDIATE);
            candidates.add(new Candidate(version, schedule.percentAt(now),
                    Buckets.hundredths(node, groupId, artifactId, version), withdrawn.contains(version)));
        }
        return new RolloutPlan(candidates);
    }

    /** @return the eligible versions, highest first */
    List<String> eligible() {
        List<String> eligible = new ArrayList<>();
        for (int i = candidates.size() - 1; i >= 0; i--) {
            if (candidates.get(i).eligible()) {
                eligible.add(candidates.get(i).version());
            }
        }
        return eligible;
    }

    /** @return the highest version the repository lists, or {@code null} */
    String newest() {
        return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1).version();
    }

    /** @return the versions this node may yet move to, and the one it runs: from the highest eligible one up */
    List<Candidate> pending() {
        List<String> eligible = eligible();
        String floor = eligible.isEmpty() ? null : eligible.get(0);
        List<Candidate> pending = new ArrayList<>();
        boolean reached = floor == null;
        for (Candidate candidate : candidates) {
            reached |= candidate.version().equals(floor);
            if (reached && !candidate.withdrawn()) {
                pending.add(candidate);
            }
        }
        return pending;
    }
}
