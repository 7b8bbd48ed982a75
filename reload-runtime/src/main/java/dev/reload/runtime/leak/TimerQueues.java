package dev.reload.runtime.leak;

import java.util.Set;
import java.util.TimerTask;
import java.util.TreeSet;

/**
 * The tasks waiting in the queue of a {@link java.util.Timer}'s thread. A timer's thread runs until the timer is
 * cancelled, so a plugin task scheduled on a host timer, or a timer the plugin forgot, outlives the plugin.
 */
final class TimerQueues {

    private static final String TIMER_THREAD = "java.util.TimerThread";
    private static final JdkField QUEUE = new JdkField(TIMER_THREAD, "queue");
    private static final JdkField TASKS = new JdkField("java.util.TaskQueue", "queue");
    private static final JdkField SIZE = new JdkField("java.util.TaskQueue", "size");

    private TimerQueues() {
    }

    static boolean isTimerThread(Thread thread) {
        return thread.getClass().getName().equals(TIMER_THREAD) && thread.getClass().getClassLoader() == null;
    }

    /** @return the names of the plugin classes among the tasks the timer thread's queue holds */
    static Set<String> pluginTasks(Thread timerThread, LoaderFamily family) throws ReflectiveOperationException {
        Set<String> tasks = new TreeSet<>();
        Object queue = QUEUE.get(timerThread);
        // Timer guards the queue's array and size with the queue's monitor; holding it gives a consistent snapshot
        // and only ever waits for the timer to finish scheduling, never for a task to run.
        synchronized (queue) {
            TimerTask[] heap = (TimerTask[]) TASKS.get(queue);
            int size = (Integer) SIZE.get(queue);
            // The queue is a binary heap that starts at index 1.
            for (int i = 1; i <= size && i < heap.length; i++) {
                if (family.owns(heap[i])) {
                    tasks.add(heap[i].getClass().getName());
                }
            }
        }
        return tasks;
    }
}
