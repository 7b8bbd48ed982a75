package dev.reload.runtime.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What the follower asks of the repository, one poll at a time. Opened for a poll and closed after it, so that
 * every poll reads the repository afresh.
 */
interface RepositoryClient extends AutoCloseable {

    /**
     * @return the versions the repository's metadata lists within the followed range, lowest first
     * @throws RepositoryFailure if the metadata cannot be read
     */
    List<String> versions(Followed followed) throws RepositoryFailure;

    /**
     * @return the version's {@code rollout} descriptor, or {@code null} if it has none
     * @throws RepositoryFailure if it cannot be read, or its checksum is missing or wrong
     */
    Properties rollout(Followed followed, String version) throws RepositoryFailure;

    /**
     * @return the downloaded artifact, its checksum verified, in the client's cache; copy it before using it
     * @throws RepositoryFailure if it cannot be downloaded, or its checksum is missing or wrong
     */
    Path download(Followed followed, String version) throws RepositoryFailure;

    @Override
    void close();

    /** Opens a client for one poll. */
    @FunctionalInterface
    interface Opener extends AutoCloseable {

        /** @return a client that reads the repository afresh */
        RepositoryClient open();

        /** Releases what all clients shared. */
        @Override
        default void close() {
        }
    }
}
