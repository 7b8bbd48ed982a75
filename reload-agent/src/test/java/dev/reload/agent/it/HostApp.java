package dev.reload.agent.it;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The application the integration tests run in a child JVM: it asks for the {@link Greeter} proxy once, keeps caller
 * threads calling it, and prints on standard output, one line per fact, what a user of reload would observe.
 *
 * <p>It prints:
 * <pre>
 * main started
 * first call answered 1.0.0:main             or  first call failed: &lt;exception class&gt;: &lt;message&gt;
 * caller-0 answered by 1.0.0                 whenever the label that answers a caller changes
 * caller-0 failed: &lt;exception&gt;: &lt;message&gt;   whenever a caller starts failing, or fails differently; a wrong
 *                                            answer is a failure too
 * event loaded|retired|unloaded &lt;id&gt; &lt;version&gt;
 * event swapped &lt;service&gt; &lt;from&gt; -&gt; &lt;to&gt;     (none for no version)
 * event rejected &lt;file&gt;: &lt;reason&gt;
 * event &lt;the event's toString()&gt;                 for kinds of event added later
 * </pre>
 * and reads commands, one a line, on standard input:
 * <pre>
 * hold &lt;file&gt;   starts a call the plugin holds until the file exists; prints "held call returned &lt;answer&gt;"
 * gc            run System.gc() a few times; prints "gc done"
 * stats         prints "stats calls=&lt;successful calls&gt; failures=&lt;failed calls&gt;"
 * describe      prints "proxy &lt;the proxy's toString()&gt;"
 * open &lt;class&gt; &lt;field&gt;
 *               makes a declared field of a JDK class accessible, as deep reflection by application code does;
 *               prints "open &lt;class&gt;.&lt;field&gt;: ok" or "open &lt;class&gt;.&lt;field&gt;: failed: &lt;exception&gt;: &lt;message&gt;"
 * quit          stops the callers, prints "bye" and returns from main: the JVM then exits unless a thread keeps
 *               it alive
 * </pre>
 * The end of standard input means quit, so a child whose test died does not linger.
 *
 * <p>Only this class, {@link Greeter} and the API the agent jar brings may be used here: the child's class path is
 * this module's test classes and the test kit, nothing else.
 */
public final class HostApp {

    private static final LongAdder CALLS = new LongAdder();
    private static final LongAdder FAILURES = new LongAdder();
    private static final AtomicInteger HELD_CALLS = new AtomicInteger();
    private static volatile boolean running = true;

    private HostApp() {
    }

    /**
     * @param args the number of caller threads, 3 when absent
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        say("main started");
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        try {
            say("first call answered " + greeter.greet("main"));
        } catch (RuntimeException e) {
            say("first call failed: " + describe(e));
        }
        ServiceRegistry.addListener(HostApp::report);
        startCallers(args, name -> callContinuously(greeter, name));
        executeCommands(command -> execute(command, greeter));
        running = false;
        say("bye");
    }

    /**
     * Starts the callers, daemon threads named {@code caller-<n>}.
     *
     * @param args    the application's arguments: the number of callers, 3 when absent
     * @param caller  what each caller runs, given its name
     * @return the callers
     */
    static List<Thread> startCallers(String[] args, Consumer<String> caller) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "caller-" + i;
            Thread thread = new Thread(() -> caller.accept(name), name);
            thread.setDaemon(true);
            callers.add(thread);
            thread.start();
        }
        return callers;
    }

    /** Runs each command read from standard input, trimmed, until "quit" or the end of the input. */
    static void executeCommands(Command execute) throws IOException, InterruptedException {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.equals("quit")) {
            execute.run(command.trim());
        }
    }

    interface Command {
        void run(String command) throws InterruptedException;
    }

    private static void callContinuously(Greeter greeter, String name) {
        String last = null;
        while (running) {
            String state;
            try {
                String answer = greeter.greet(name);
                int colon = answer.indexOf(':');
                if (colon < 0 || !answer.substring(colon + 1).equals(name)) {
                    FAILURES.increment();
                    state = "failed: wrong answer '" + answer + "'";
                } else {
                    CALLS.increment();
                    state = "answered by " + answer.substring(0, colon);
                }
            } catch (RuntimeException | Error e) {
                FAILURES.increment();
                state = "failed: " + describe(e);
            }
            if (!state.equals(last)) {
                say(name + " " + state);
                last = state;
            }
            // A short pause keeps a few callers from taking every core from the runtime and the test on a small
            // machine, while still making thousands of calls a second across each swap.
            LockSupport.parkNanos(50_000);
        }
    }

    private static void execute(String command, Greeter greeter) {
        if (command.startsWith("hold ")) {
            String release = command.substring("hold ".length());
            Thread held = new Thread(() -> {
                try {
                    say("held call returned " + greeter.greet("hold:" + release));
                } catch (RuntimeException e) {
                    say("held call failed: " + describe(e));
                }
            }, "held-call-" + HELD_CALLS.incrementAndGet());
            held.setDaemon(true);
            held.start();
        } else if (command.equals("gc")) {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            say("gc done");
        } else if (command.equals("stats")) {
            say("stats calls=" + CALLS.sum() + " failures=" + FAILURES.sum());
        } else if (command.equals("describe")) {
            say("proxy " + greeter);
        } else if (command.startsWith("open ")) {
            String[] target = command.substring("open ".length()).split(" ");
            say("open " + target[0] + "." + target[1] + ": " + makeAccessible(target[0], target[1]));
        } else if (!command.isEmpty()) {
            say("unknown command '" + command + "'");
        }
    }

    private static String makeAccessible(String className, String fieldName) {
        try {
            Class.forName(className, false, null).getDeclaredField(fieldName).setAccessible(true);
            return "ok";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "failed: " + describe(e);
        }
    }

    /** Prints an event as the protocol above says; other host applications of the tests print the same. */
    static void report(ReloadEvent event) {
        if (event instanceof ReloadEvent.Loaded e) {
            say("event loaded " + e.pluginId() + " " + e.version());
        } else if (event instanceof ReloadEvent.Swapped e) {
            say("event swapped " + e.service().getName() + " " + orNone(e.fromVersion()) + " -> "
                    + orNone(e.toVersion()));
        } else if (event instanceof ReloadEvent.Rejected e) {
            say("event rejected " + e.file() + ": " + e.reason());
        } else if (event instanceof ReloadEvent.Retired e) {
            say("event retired " + e.pluginId() + " " + e.version());
        } else if (event instanceof ReloadEvent.Unloaded e) {
            say("event unloaded " + e.pluginId() + " " + e.version());
        } else {
            say("event " + event);
        }
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }

    static String describe(Throwable e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }

    /** One whole line per fact: println on System.out is synchronized, so lines of different threads never mix. */
    static void say(String line) {
        System.out.println(line);
    }
}
