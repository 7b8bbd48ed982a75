package dev.reload.runtime.leak;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * What ties one thread, running or only registered, to a plugin: its class, the Runnable it runs, the code that
 * created it, its context class loader and its uncaught exception handler.
 *
 * <p>The creator matters even for a host thread: the JDK 17 {@code Thread} constructor captures the access control
 * context of the creating stack, and with it the protection domain, hence the class loader, of every plugin class on
 * that stack. A pool thread first started inside a plugin call keeps that plugin loaded for as long as it lives.
 */
final class ThreadHolds {

    private static final JdkField TARGET = new JdkField("java.lang.Thread", "target");
    private static final JdkField ACCESS_CONTEXT = new JdkField("java.lang.Thread", "inheritedAccessControlContext");
    private static final JdkField DOMAINS = new JdkField("java.security.AccessControlContext", "context");

    private static final String TARGETS = "Runnable targets of threads";
    private static final String CREATORS = "creators of threads";

    private ThreadHolds() {
    }

    /** @return the reasons, in plain words, each starting with "it" or "its"; empty if the thread is unrelated */
    static List<String> reasons(Thread thread, LoaderFamily family, Findings findings) {
        List<String> reasons = new ArrayList<>();
        if (family.owns(thread.getClass())) {
            reasons.add("it is a " + thread.getClass().getName());
        }
        Object target = target(thread, findings);
        if (family.owns(target)) {
            reasons.add("it runs " + target.getClass().getName());
        }
        if (createdByPlugin(thread, family, findings)) {
            reasons.add("it was created by plugin code, whose protection domain it keeps");
        }
        ClassLoader context = thread.getContextClassLoader();
        if (context != null && family.contains(context)) {
            reasons.add("its context class loader is " + LoaderFamily.describeLoader(context));
        }
        Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
        if (family.owns(handler)) {
            reasons.add("its uncaught exception handler is a " + handler.getClass().getName());
        }
        return reasons;
    }

    private static Object target(Thread thread, Findings findings) {
        if (!findings.canRead(TARGETS, JavaBase.JAVA_LANG)) {
            return null;
        }
        try {
            return TARGET.get(thread);
        } catch (ReflectiveOperationException e) {
            findings.notChecked(TARGETS, e.getMessage());
            return null;
        }
    }

    private static boolean createdByPlugin(Thread thread, LoaderFamily family, Findings findings) {
        if (!findings.canRead(CREATORS, JavaBase.JAVA_LANG)
                || !findings.canRead(CREATORS, JavaBase.JAVA_SECURITY)) {
            return false;
        }
        try {
            Object context = ACCESS_CONTEXT.get(thread);
            ProtectionDomain[] domains = context == null ? null : (ProtectionDomain[]) DOMAINS.get(context);
            if (domains != null) {
                for (ProtectionDomain domain : domains) {
                    if (domain != null && family.contains(domain.getClassLoader())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (NoSuchFieldException e) {
            // A JDK without the field does not capture the creator's context, so there is nothing to hold.
            return false;
        } catch (ReflectiveOperationException e) {
            findings.notChecked(CREATORS, e.getMessage());
            return false;
        }
    }
}
