package dev.reload.runtime.manage;

import javax.management.ConstructorParameters;
import java.util.List;

/**
 * One artifact this node follows from a repository, as {@code status} shows it. An MXBean type: JMX clients read it
 * as composite data.
 */
public final class FollowedStatus {

    private final String key;
    private final String coordinate;
    private final String repository;
    private final String newestSeen;
    private final String installed;
    private final List<CandidateStatus> candidates;
    private final List<String> bad;
    private final String lastSuccessfulPoll;
    private final String lastError;

    /**
     * @param key                the fleet file line, such as {@code artifact.greeter}
     * @param coordinate         {@code groupId:artifactId:range}
     * @param repository         the repository's URL
     * @param newestSeen         the newest version the repository lists within the range, or {@code null}
     * @param installed          the newest version this node installed from the repository, or {@code null}
     * @param candidates         the version this node takes and those above it, lowest first
     * @param bad                versions marked bad on this node
     * @param lastSuccessfulPoll when the repository last answered, as an ISO-8601 instant, or {@code null}
     * @param lastError          why the last poll failed, or {@code null} if it did not
     */
    @ConstructorParameters({"key", "coordinate", "repository", "newestSeen", "installed", "candidates", "bad",
            "lastSuccessfulPoll", "lastError"})
    public FollowedStatus(String key, String coordinate, String repository, String newestSeen, String installed,
                          List<CandidateStatus> candidates, List<String> bad, String lastSuccessfulPoll,
                          String lastError) {
        this.key = key;
        this.coordinate = coordinate;
        this.repository = repository;
        this.newestSeen = newestSeen;
        this.installed = installed;
        this.candidates = candidates == null ? List.of() : List.copyOf(candidates);
        this.bad = bad == null ? List.of() : List.copyOf(bad);
        this.lastSuccessfulPoll = lastSuccessfulPoll;
        this.lastError = lastError;
    }

    /** @return the fleet file line, such as {@code artifact.greeter} */
    public String getKey() {
        return key;
    }

    /** @return {@code groupId:artifactId:range} */
    public String getCoordinate() {
        return coordinate;
    }

    /** @return the repository's URL */
    public String getRepository() {
        return repository;
    }

    /** @return the newest version the repository lists within the range, or {@code null} */
    public String getNewestSeen() {
        return newestSeen;
    }

    /** @return the newest version this node installed from the repository, or {@code null} */
    public String getInstalled() {
        return installed;
    }

    /** @return the version this node takes and those above it, lowest first */
    public List<CandidateStatus> getCandidates() {
        return candidates;
    }

    /** @return versions marked bad on this node */
    public List<String> getBad() {
        return bad;
    }

    /** @return when the repository last answered, as an ISO-8601 instant, or {@code null} */
    public String getLastSuccessfulPoll() {
        return lastSuccessfulPoll;
    }

    /** @return why the last poll failed, or {@code null} if it did not */
    public String getLastError() {
        return lastError;
    }
}
