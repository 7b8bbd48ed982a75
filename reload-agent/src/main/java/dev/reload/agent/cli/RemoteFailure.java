package dev.reload.agent.cli;

import dev.reload.runtime.manage.MBeanFailures;

import javax.management.InstanceNotFoundException;
import java.io.IOException;

/**
 * What an exception from a call on an MBean proxy means for the operator: only what the MBean threw, without the
 * layers the MBean server and the proxy wrap it in ({@link MBeanFailures}), is judged.
 */
final class RemoteFailure {

    private RemoteFailure() {
    }

    static CommandException of(long pid, Throwable thrown) {
        Throwable cause = MBeanFailures.cause(thrown);
        if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
            return CommandException.failed("refused: " + describe(cause));
        }
        if (cause instanceof InstanceNotFoundException) {
            return CommandException.failed("the runtime in JVM " + pid + " unregistered " + describe(cause)
                    + " meanwhile; try again");
        }
        if (cause instanceof IOException) {
            return CommandException.failed("lost the connection to JVM " + pid + ": " + describe(cause));
        }
        return CommandException.failed("failed in JVM " + pid + ": " + cause);
    }

    /** @return the exception's message, or its class when it has none */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
