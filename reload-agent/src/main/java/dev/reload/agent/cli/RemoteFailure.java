package dev.reload.agent.cli;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.ReflectionException;
import javax.management.RuntimeErrorException;
import javax.management.RuntimeMBeanException;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * What an exception from a call on an MBean proxy means for the operator.
 *
 * <p>An operation refuses by throwing {@link IllegalStateException} or {@link IllegalArgumentException} in the
 * target JVM. The MBean server wraps it ({@link RuntimeMBeanException}), the proxy may unwrap it or, for a checked
 * cause such as a lost connection, wrap it again ({@link UndeclaredThrowableException}); the layers differ between
 * attributes and operations and between JDKs, so every known wrapper is peeled off and only the cause is judged.
 */
final class RemoteFailure {

    private RemoteFailure() {
    }

    static CommandException of(long pid, Throwable thrown) {
        Throwable cause = unwrap(thrown);
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

    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while (true) {
            Throwable inner = null;
            if (current instanceof UndeclaredThrowableException e) {
                inner = e.getUndeclaredThrowable();
            } else if (current instanceof RuntimeMBeanException e) {
                inner = e.getTargetException();
            } else if (current instanceof MBeanException e) {
                inner = e.getTargetException();
            } else if (current instanceof ReflectionException e) {
                inner = e.getTargetException();
            } else if (current instanceof RuntimeErrorException e) {
                inner = e.getTargetError();
            }
            if (inner == null) {
                return current;
            }
            current = inner;
        }
    }
}
