package dev.reload.agent.supervise;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The few system calls the supervisor needs and the JDK does not offer: placing descriptors at fixed numbers in a
 * child, reaping it, signalling it. Implemented with JNA in the {@code jna} package, which the runtime's
 * {@code IsolatedJna} loads in a class loader of its own; public only so that package can implement it.
 */
public interface Posix {

    /** SIGTERM: asks a generation to stop. */
    int SIGTERM = 15;
    /** SIGKILL: stops a generation that did not stop in time. */
    int SIGKILL = 9;

    /**
     * Starts a child whose descriptors 3, 4, ... are {@code sockets}, in that order, with every other descriptor of
     * this process closed, standard input from {@code /dev/null}, standard output and error to pipes, the default
     * disposition of every signal and no signal blocked, in a process group of its own.
     *
     * @param argv    the program, looked up on the {@code PATH}, and its arguments
     * @param env     the whole environment of the child
     * @param sockets descriptors of this process to place from 3 up
     * @return the child and the read ends of its output
     * @throws IOException if the child cannot be started
     */
    Child spawn(List<String> argv, Map<String, String> env, int[] sockets) throws IOException;

    /**
     * Waits for a child to exit, and reaps it.
     *
     * @param pid the child
     * @return its exit status, or 128 plus the signal that killed it, as a shell reports it
     */
    int await(long pid);

    /**
     * Sends {@code signal} to {@code pid}; a process already gone is not an error.
     *
     * @param pid    the process, or minus a process group
     * @param signal the signal's number
     */
    void signal(long pid, int signal);

    /**
     * Gives {@code signal} its default action in this process, for a signal inherited as ignored ({@code nohup}
     * ignores SIGHUP), which the JVM would otherwise leave ignored whatever handler Java code installs.
     *
     * @param signal the signal's number
     */
    void defaultAction(int signal);

    /**
     * Duplicates {@code fd} to a descriptor numbered 64 or higher that closes on exec, so that placing descriptors
     * from 3 up in a child never overwrites one still to be placed.
     *
     * @param fd the descriptor
     * @return the new descriptor
     * @throws IOException if the descriptor cannot be duplicated
     */
    int duplicateHigh(int fd) throws IOException;

    /**
     * Closes a descriptor of this process.
     *
     * @param fd the descriptor
     */
    void close(int fd);

    /**
     * A started child.
     *
     * @param pid    its process id
     * @param stdout what it writes to standard output
     * @param stderr what it writes to standard error
     */
    record Child(long pid, InputStream stdout, InputStream stderr) {
    }
}
