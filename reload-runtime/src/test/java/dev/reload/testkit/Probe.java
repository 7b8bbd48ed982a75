package dev.reload.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A host class that plugin code compiled in tests calls back into: it records what plugins did (in order) and lets
 * a test hold a plugin call until it says so.
 */
public final class Probe {

    private static final List<String> RECORDED = new CopyOnWriteArrayList<>();
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private static volatile CountDownLatch entered = new CountDownLatch(0);

    private Probe() {
    }

    public static void record(String event) {
        RECORDED.add(event);
    }

    public static List<String> recorded() {
        return List.copyOf(RECORDED);
    }

    /** Makes the next {@link #hold()} calls wait until {@link #release()}. */
    public static void arm() {
        RECORDED.clear();
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
    }

    /** Called by plugin code: waits, at most 60 s, for the test to release it. */
    public static void hold() {
        entered.countDown();
        try {
            gate.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static boolean awaitHeld() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    public static void release() {
        gate.countDown();
    }
}
