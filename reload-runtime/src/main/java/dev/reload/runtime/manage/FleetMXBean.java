package dev.reload.runtime.manage;

import java.util.List;

/**
 * The repository this JVM follows, registered as {@code dev.reload:type=Fleet} only when the {@code fleet} option is
 * set.
 */
public interface FleetMXBean {

    /** @return the repository's URL */
    String getRepository();

    /** @return this node's id, which places it in each roll-out */
    String getNode();

    /** @return every followed artifact, in the fleet file's order */
    List<FollowedStatus> getFollowed();

    /**
     * Polls the repository now and waits for what it installs or removes.
     *
     * @return one line per followed artifact
     */
    String poll();
}
