package dev.reload.bench.startup;

import java.lang.instrument.Instrumentation;

/**
 * An agent whose {@code premain} does nothing: what any {@code -javaagent} costs the JVM, the part of the agent's
 * start-up that reload cannot remove.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // Nothing: the measurement is of the JVM's own work for an agent.
    }
}
