package dev.reload.runtime.manage;

import javax.management.MBeanException;
import javax.management.ReflectionException;
import javax.management.RuntimeErrorException;
import javax.management.RuntimeMBeanException;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * What an exception from a call on an MBean proxy was in the MBean. An operation refuses by throwing
 * {@link IllegalStateException} or {@link IllegalArgumentException}; the MBean server wraps it
 * ({@link RuntimeMBeanException}), and the proxy may unwrap it or, for a checked cause such as a lost connection, wrap
 * it again ({@link UndeclaredThrowableException}). The layers differ between attributes and operations and between
 * JDKs, so every known wrapper is peeled off.
 */
public final class MBeanFailures {

    private MBeanFailures() {
    }

    /**
     * @param thrown what a call on an MBean, or on a proxy of one, threw
     * @return the exception the MBean threw, or {@code thrown} itself when nothing wraps it
     */
    public static Throwable cause(Throwable thrown) {
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
