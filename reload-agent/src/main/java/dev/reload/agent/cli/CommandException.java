package dev.reload.agent.cli;

/**
 * Why a command stops before it succeeds, and the exit status that says so: {@link #USAGE} for a command line that
 * makes no sense, {@link #FAILED} for an operation that was refused or could not be carried out.
 */
final class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The exit status of a command line that cannot be run as written. */
    static final int USAGE = 2;
    /** The exit status of a command that ran and was refused, or failed. */
    static final int FAILED = 1;

    private final int exitStatus;

    private CommandException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    static CommandException usage(String message) {
        return new CommandException(USAGE, message);
    }

    static CommandException failed(String message) {
        return new CommandException(FAILED, message);
    }

    int exitStatus() {
        return exitStatus;
    }
}
