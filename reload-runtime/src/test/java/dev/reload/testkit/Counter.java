package dev.reload.testkit;

/**
 * The service of the state handover tests: a count that a new version must take over from the old one, so that a
 * test can see whether an increment was lost in a swap.
 */
public interface Counter {

    /** @return the count after adding one */
    long increment();

    /** @return the count */
    long count();

    /** @return which version serves, and with which configuration when the implementation reads one */
    String version();

    /** Waits in {@link Probe#hold()}, then answers as {@link #version()}: a call that stays inside a version. */
    String pause();
}
