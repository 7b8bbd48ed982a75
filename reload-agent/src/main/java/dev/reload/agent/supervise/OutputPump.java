package dev.reload.agent.supervise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Forwards a generation's output line by line, each prefixed with the generation's number, and keeps its last lines
 * for the message that says why a generation was refused.
 */
final class OutputPump {

    private static final int TAIL = 20;

    private final Deque<String> tail = new ArrayDeque<>();

    /** Starts forwarding {@code in} to {@code out} on a daemon thread, until the generation closes its end. */
    void forward(InputStream in, PrintStream out, int generation, String stream) {
        String prefix = "[" + generation + "] ";
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.println(prefix + line);
                    synchronized (tail) {
                        if (tail.size() == TAIL) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                }
            } catch (IOException ignored) {
                // The pipe broke: nothing more will come.
            }
        }, "reload-supervisor-output-" + generation + "-" + stream);
        pump.setDaemon(true);
        pump.start();
    }

    /** @return the last lines the generation printed, oldest first */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }
}
