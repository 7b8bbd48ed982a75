package dev.reload.runtime.fleet;

/** The repository could not answer, or answered with something refused; the message names what and where. */
final class RepositoryFailure extends Exception {

    private static final long serialVersionUID = 1L;

    RepositoryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
