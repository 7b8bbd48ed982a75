package dev.reload.runtime.fleet;

import dev.reload.runtime.log.Log;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Warnings about a repository that fails: one per distinct failure, not one per poll, so that an outage of an hour
 * at a short poll interval is a line or two in the log, and one line when the repository answers again.
 */
final class FailureLog {

    private static final Log LOG = Log.get(FailureLog.class);

    private final String repository;
    private final Set<String> seen = new LinkedHashSet<>();
    private int failedPolls;

    FailureLog(String repository) {
        this.repository = repository;
    }

    /** Warns about {@code message} unless it was said since the last good poll. */
    void failure(String message) {
        if (seen.add(message)) {
            LOG.warn(message + "; keeping what this node has and retrying");
        }
    }

    /** Ends a poll: says the repository recovered if the polls before this one failed. */
    void pollEnded(boolean failed) {
        if (failed) {
            failedPolls++;
            return;
        }
        if (failedPolls > 0) {
            LOG.info("repository " + repository + " answers again, after " + failedPolls + " failed poll"
                    + (failedPolls == 1 ? "" : "s"));
        }
        failedPolls = 0;
        seen.clear();
    }

    /** @return the polls in a row that failed */
    int failedPolls() {
        return failedPolls;
    }
}
