package dev.reload.agent.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * Clients that keep asking a {@link WebApp} for a greeting while a test changes the plugins, as the users of a
 * service do. Each client sends one request after the other, bounded in number and in time, and remembers which
 * version answered it in order, and every request that failed: an error status, an exception or an answer of no
 * version.
 */
final class RequestLoop implements AutoCloseable {

    private static final int MAX_REQUESTS_PER_CLIENT = 20_000;
    private static final Duration MAX_DURATION = Duration.ofSeconds(90);
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final WebApp app;
    private final List<Thread> clients = new ArrayList<>();
    private final List<List<String>> versions = new ArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean stopped;

    private RequestLoop(WebApp app) {
        this.app = app;
    }

    /** Starts {@code count} clients, daemon threads. */
    static RequestLoop start(WebApp app, int count) {
        RequestLoop loop = new RequestLoop(app);
        long deadline = System.nanoTime() + MAX_DURATION.toNanos();
        for (int i = 0; i < count; i++) {
            List<String> seen = new CopyOnWriteArrayList<>();
            loop.versions.add(seen);
            String name = "client-" + i;
            Thread client = new Thread(() -> loop.run(name, seen, deadline), name);
            client.setDaemon(true);
            loop.clients.add(client);
        }
        loop.clients.forEach(Thread::start);
        return loop;
    }

    /** Waits until every client has had an answer from {@code version}. */
    void awaitEveryClientAnsweredBy(String version) {
        await("every client answered by " + version + "; failures " + failures).atMost(ChildJvm.WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> versions.stream().allMatch(seen -> seen.contains(version)));
    }

    /** Waits until the clients have had {@code count} more answers than they have now. */
    void awaitMoreAnswers(int count) {
        long target = answered.get() + count;
        await(count + " more answers; failures " + failures).atMost(ChildJvm.WAIT)
                .pollInterval(Duration.ofMillis(20)).until(() -> answered.get() >= target);
    }

    /** @return for each client, the versions that answered it, in order, each once per run of answers */
    List<List<String>> versionsPerClient() {
        return versions.stream().map(List::copyOf).toList();
    }

    /** @return every failed request: what it met */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() {
        stopped = true;
        for (Thread client : clients) {
            try {
                client.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(String name, List<String> seen, long deadline) {
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && !stopped && System.nanoTime() - deadline < 0; i++) {
            try {
                String answer = app.greet(name);
                int colon = answer.indexOf(':');
                if (colon < 0 || !answer.substring(colon + 1).equals(name)) {
                    failures.add("wrong answer '" + answer + "'");
                } else {
                    String version = answer.substring(0, colon);
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(version)) {
                        seen.add(version);
                    }
                    answered.incrementAndGet();
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e.toString());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }
}
