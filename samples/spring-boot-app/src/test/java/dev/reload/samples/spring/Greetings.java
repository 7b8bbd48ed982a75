package dev.reload.samples.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients of {@code GET /greet}: a few threads asking one after another, each answer recorded with the greeter
 * version that gave it. Bounded in time and count, so that it stops by itself whatever the test does.
 */
final class Greetings implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("\\(greeter ([^)]+)\\)");
    private static final int MAX_REQUESTS_PER_CLIENT = 20_000;
    private static final long MAX_NANOS = 120_000_000_000L;

    /** What one request got: the version that answered, or the failure. */
    record Answer(String version, String failure) {
    }

    private final List<List<Answer>> byClient = new ArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    Greetings(BootApp app, int clientCount) {
        for (int c = 0; c < clientCount; c++) {
            List<Answer> answers = new CopyOnWriteArrayList<>();
            byClient.add(answers);
            Thread client = new Thread(() -> ask(app, answers), "greetings-" + c);
            client.setDaemon(true);
            clients.add(client);
        }
        clients.forEach(Thread::start);
    }

    private void ask(BootApp app, List<Answer> answers) {
        long deadline = System.nanoTime() + MAX_NANOS;
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && !stop.get() && System.nanoTime() - deadline < 0; i++) {
            try {
                BootApp.Response response = app.get("/greet?name=load");
                Matcher version = VERSION.matcher(response.body());
                answers.add(response.status() == 200 && version.find() ? new Answer(version.group(1), null)
                        : new Answer(null, response.status() + " " + response.body()));
            } catch (RuntimeException e) {
                answers.add(new Answer(null, e.toString()));
            }
        }
    }

    /** @return every answer so far, client after client, each client's in the order it got them */
    List<List<Answer>> answers() {
        return byClient.stream().map(List::copyOf).toList();
    }

    /** @return the failed requests so far */
    List<String> failures() {
        return byClient.stream().flatMap(List::stream).filter(a -> a.failure() != null).map(Answer::failure)
                .toList();
    }

    /** @return how many requests were answered so far by {@code version} */
    long answeredBy(String version) {
        return byClient.stream().flatMap(List::stream).filter(a -> version.equals(a.version())).count();
    }

    long total() {
        return byClient.stream().mapToLong(List::size).sum();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread client : clients) {
            client.join(60_000);
        }
    }
}
