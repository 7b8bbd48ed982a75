package dev.reload.agent.it;

import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Counter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * An application whose callers increment a {@link Counter} through its proxy as fast as they can, so that a test
 * can compare the count the plugin keeps, carried from version to version by their handover, with the increments
 * the callers saw succeed: an increment lost in a swap makes the count fall short.
 *
 * <p>It prints on standard output, one line per fact:
 * <pre>
 * main started
 * first call answered &lt;version&gt;              or  first call failed: &lt;exception class&gt;: &lt;message&gt;
 * caller-0 failed: &lt;exception&gt;: &lt;message&gt;   whenever a caller starts failing, or fails differently; a count
 *                                            lower than the caller's previous one is a failure too
 * event loaded|retired|unloaded &lt;id&gt; &lt;version&gt;
 * event swapped &lt;service&gt; &lt;from&gt; -&gt; &lt;to&gt;     (none for no version)
 * event rejected &lt;file&gt;: &lt;reason&gt;
 * event &lt;the event's toString()&gt;                 for kinds of event added later
 * </pre>
 * and reads commands, one a line, on standard input:
 * <pre>
 * stats   prints "stats count=&lt;the proxy's count()&gt; increments=&lt;successful increments&gt;
 *         failures=&lt;failed increments&gt;"
 * stop    stops the callers and waits until each has returned from its last call; prints "callers stopped"
 * quit    stops the callers, prints "bye" and returns from main
 * </pre>
 * The end of standard input means quit, so a child whose test died does not linger.
 *
 * <p>Only this class, {@link Counter} and the API the agent jar brings may be used here: the child's class path is
 * this module's test classes and the test kit, nothing else.
 */
public final class CounterHostApp {

    private static final LongAdder INCREMENTS = new LongAdder();
    private static final LongAdder FAILURES = new LongAdder();
    private static final List<Thread> CALLERS = new ArrayList<>();
    private static volatile boolean running = true;

    private CounterHostApp() {
    }

    /**
     * @param args the number of caller threads, 3 when absent
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        say("main started");
        Counter counter = ServiceRegistry.get(Counter.class);
        try {
            say("first call answered " + counter.version());
        } catch (RuntimeException e) {
            say("first call failed: " + describe(e));
        }
        ServiceRegistry.addListener(HostApp::report);
        CALLERS.addAll(HostApp.startCallers(args, name -> incrementContinuously(counter, name)));
        HostApp.executeCommands(command -> execute(command, counter));
        running = false;
        say("bye");
    }

    /**
     * No pause between calls: the callers press on the swap as hard as they can, so that a call arriving while the
     * state moves from one version to the next is the rule rather than luck.
     */
    private static void incrementContinuously(Counter counter, String name) {
        String last = null;
        long previous = 0;
        while (running) {
            String state = null;
            try {
                long count = counter.increment();
                // This caller's previous increment returned before this one started: a lower count means the new
                // version did not take over what the old one had.
                if (count <= previous) {
                    FAILURES.increment();
                    state = "failed: the count went from " + previous + " to " + count;
                } else {
                    INCREMENTS.increment();
                }
                previous = count;
            } catch (RuntimeException | Error e) {
                FAILURES.increment();
                state = "failed: " + describe(e);
            }
            if (state != null && !state.equals(last)) {
                say(name + " " + state);
            }
            last = state;
        }
    }

    private static void execute(String command, Counter counter) throws InterruptedException {
        if (command.equals("stats")) {
            String count;
            try {
                count = Long.toString(counter.count());
            } catch (RuntimeException e) {
                count = "failed: " + describe(e);
            }
            say("stats count=" + count + " increments=" + INCREMENTS.sum() + " failures=" + FAILURES.sum());
        } else if (command.equals("stop")) {
            running = false;
            for (Thread caller : CALLERS) {
                caller.join();
            }
            say("callers stopped");
        } else if (!command.isEmpty()) {
            say("unknown command '" + command + "'");
        }
    }

    private static void say(String line) {
        HostApp.say(line);
    }

    private static String describe(Throwable e) {
        return HostApp.describe(e);
    }
}
