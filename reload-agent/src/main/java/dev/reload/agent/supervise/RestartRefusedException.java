package dev.reload.agent.supervise;

/** Why a restart left the old generation serving, or none at all. */
final class RestartRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    RestartRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
