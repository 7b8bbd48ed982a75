package dev.reload.runtime.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live threads that keep the plugin loaded: for any of the reasons of {@link ThreadHolds}, because they are running
 * its code, or, for timer threads, because their queue holds its tasks. Each finding carries the thread's stack, so
 * that whoever reads it sees where the thread was started or where it waits.
 */
final class LiveThreads {

    private static final String TIMER_QUEUES = "tasks queued on timers";

    private LiveThreads() {
    }

    static void check(Map<Thread, StackTraceElement[]> threads, LoaderFamily family, Findings findings) {
        for (Map.Entry<Thread, StackTraceElement[]> e : threads.entrySet()) {
            Thread thread = e.getKey();
            StackTraceElement[] stack = e.getValue();
            List<String> reasons = new ArrayList<>(ThreadHolds.reasons(thread, family, findings));
            if (TimerQueues.isTimerThread(thread) && findings.canRead(TIMER_QUEUES, JavaBase.JAVA_UTIL)) {
                try {
                    Set<String> tasks = TimerQueues.pluginTasks(thread, family);
                    if (!tasks.isEmpty()) {
                        reasons.add("its timer queue holds " + String.join(", ", tasks));
                    }
                } catch (ReflectiveOperationException ex) {
                    findings.notChecked(TIMER_QUEUES, ex.getMessage());
                }
            }
            if (runsPluginCode(stack, family.rootName())) {
                reasons.add("it is running plugin code");
            }
            if (!reasons.isEmpty()) {
                findings.holder("thread \"" + thread.getName() + "\" keeps the plugin loaded: "
                        + String.join("; ", reasons) + stackOf(stack));
            }
        }
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (family.owns(handler)) {
            findings.holder("the default uncaught exception handler of all threads is a "
                    + handler.getClass().getName() + " (a plugin class)");
        }
    }

    /** Frames name their class loader, not the loader itself: the root's name is the one that can be matched. */
    private static boolean runsPluginCode(StackTraceElement[] stack, String loaderName) {
        if (loaderName == null) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (loaderName.equals(frame.getClassLoaderName())) {
                return true;
            }
        }
        return false;
    }

    private static String stackOf(StackTraceElement[] stack) {
        StringBuilder text = new StringBuilder();
        if (stack.length == 0) {
            text.append(System.lineSeparator()).append("    (no stack)");
        }
        for (StackTraceElement frame : stack) {
            text.append(System.lineSeparator()).append("    at ").append(frame);
        }
        return text.toString();
    }
}
