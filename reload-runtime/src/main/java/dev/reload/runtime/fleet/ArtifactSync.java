package dev.reload.runtime.fleet;

import dev.reload.runtime.log.Log;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * One poll of one followed artifact: read the versions and their descriptors, decide with {@link RolloutPlan}, then
 * bring the plugins directory in line. The newest eligible version is installed; the newest eligible one below it
 * that is not marked bad here stays if it is there, so that withdrawing the newest, or its failing its bake, rolls
 * back to a good version without a download; an eligible version marked bad stays too, since removing its jar would
 * clear its mark; every other file the repository put there for this artifact is removed. A configuration keeps only
 * its newest eligible version, in one file.
 */
final class ArtifactSync {

    private static final Log LOG = Log.get(ArtifactSync.class);

    private final Followed followed;
    private final String node;
    private final PluginsOutput output;
    private final Function<String, Collection<String>> badVersions;

    /** @param badVersions a plugin's id to its versions marked bad on this node, read from any thread */
    ArtifactSync(Followed followed, String node, PluginsOutput output,
                 Function<String, Collection<String>> badVersions) {
        this.followed = followed;
        this.node = node;
        this.output = output;
        this.badVersions = badVersions;
    }

    Followed followed() {
        return followed;
    }

    /** @return the highest version of the artifact that the repository installed here, or {@code null} */
    String installed() {
        return output.highestInstalled(followed);
    }

    /**
     * @return the plan it followed
     * @throws RepositoryFailure if the repository could not say what to run, or refused a file; what this node has
     *                           stays as it is, except for removals already decided
     */
    RolloutPlan sync(RepositoryClient client, Instant now, Runnable changed) throws RepositoryFailure, IOException {
        List<String> versions = client.versions(followed);
        Map<String, RolloutSchedule> schedules = new LinkedHashMap<>();
        for (String version : versions) {
            Properties descriptor = client.rollout(followed, version);
            if (descriptor != null) {
                try {
                    schedules.put(version, RolloutSchedule.parse(descriptor));
                } catch (IllegalArgumentException e) {
                    throw new RepositoryFailure("refused the rollout descriptor of " + followed.groupId() + ":"
                            + followed.artifactId() + " " + version + ": " + e.getMessage(), e);
                }
            }
        }
        RolloutPlan plan = RolloutPlan.of(node, followed.groupId(), followed.artifactId(), versions, schedules, now);
        List<String> eligible = plan.eligible();
        Map<String, String> installed = output.installed(followed);
        String target = eligible.isEmpty() ? null : eligible.get(0);
        // Only a version absent here is downloaded, never one over a jar already installed: a jar whose version failed
        // its bake here stays the very file that was marked, and a mark clears only when its file changes or goes.
        if (target != null && !installed.containsKey(target)) {
            if (output.install(followed, target, client.download(followed, target))) {
                LOG.info("installed " + followed.fileName(target) + " (" + followed.groupId() + ":"
                        + followed.artifactId() + " " + target + ") from the repository");
                changed.run();
            } else {
                LOG.debug(followed.fileName(target) + " was placed by hand; the repository leaves it as it is");
            }
            installed = output.installed(followed);
        }
        List<String> keep = keep(eligible);
        for (Map.Entry<String, String> file : installed.entrySet()) {
            if (!keep.contains(file.getKey())) {
                output.remove(file.getValue());
                LOG.info("removed " + file.getValue() + " (" + followed.groupId() + ":" + followed.artifactId() + " "
                        + file.getKey() + "): " + why(plan, file.getKey()));
                changed.run();
            }
        }
        return plan;
    }

    /**
     * @param eligible the eligible versions, highest first
     * @return the versions whose files stay: the newest, the newest good one below it, and any marked bad
     */
    private List<String> keep(List<String> eligible) {
        if (eligible.isEmpty()) {
            return List.of();
        }
        if (followed.config()) {
            return List.of(eligible.get(0));
        }
        Collection<String> bad = badVersions.apply(followed.artifactId());
        List<String> keep = new ArrayList<>(List.of(eligible.get(0)));
        boolean fallback = false;
        for (String version : eligible.subList(1, eligible.size())) {
            // A version marked bad is no fallback: kept as one, it would push out the good version below it, and a
            // failing newest would then have nothing to swap back to.
            if (bad.contains(version)) {
                keep.add(version);
            } else if (!fallback) {
                keep.add(version);
                fallback = true;
            }
        }
        return keep;
    }

    private static String why(RolloutPlan plan, String version) {
        for (RolloutPlan.Candidate candidate : plan.candidates()) {
            if (candidate.version().equals(version)) {
                return candidate.withdrawn() ? "withdrawn by a rollout descriptor"
                        : candidate.eligible() ? "superseded" : "not rolled out to this node";
            }
        }
        return "withdrawn from the repository";
    }
}
