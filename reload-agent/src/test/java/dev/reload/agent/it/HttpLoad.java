package dev.reload.agent.it;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded HTTP/1.1 load on 127.0.0.1: keep-alive clients that reuse one connection, and clients that open one per
 * request. Counts what a restart must not cause: refused connections, resets, failed requests.
 *
 * <p>A keep-alive connection the server closes while idle, so that the next request on it gets no byte of answer,
 * is retried once on a new connection, as HTTP clients retry idempotent requests (RFC 9110, 9.2.2); such retries are
 * counted apart. A reset or an incomplete answer after the first byte is a failure.
 */
final class HttpLoad implements AutoCloseable {

    private final int port;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final AtomicLong requests = new AtomicLong();
    private final long maxRequests;
    private final List<long[]> latencies = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private volatile boolean stop;

    /**
     * @param keepAlive   clients that reuse a connection
     * @param perRequest  clients that open a connection per request
     * @param maxRequests the bound on requests, whatever the time
     */
    HttpLoad(int port, int keepAlive, int perRequest, long maxRequests) {
        this.port = port;
        this.maxRequests = maxRequests;
        for (int i = 0; i < keepAlive + perRequest; i++) {
            boolean reuse = i < keepAlive;
            long[] samples = new long[(int) Math.min(maxRequests, 2_000_000)];
            latencies.add(samples);
            Thread thread = new Thread(() -> run(reuse, samples), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    HttpLoad start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** Stops the clients and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(20).toMillis());
        }
    }

    long ok() {
        return ok.sum();
    }

    long refused() {
        return refused.sum();
    }

    long resets() {
        return resets.sum();
    }

    long failed() {
        return failed.sum();
    }

    long retried() {
        return retried.sum();
    }

    /** @return the latency below which {@code fraction} of the successful requests answered */
    Duration percentile(double fraction) {
        long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a).filter(v -> v > 0)).sorted().toArray();
        return all.length == 0 ? Duration.ZERO : Duration.ofNanos(all[(int) Math.min(all.length - 1,
                Math.floor(all.length * fraction))]);
    }

    String summary() {
        synchronized (errors) {
            return ok() + " ok, " + refused() + " refused, " + resets() + " reset, " + failed() + " failed, "
                    + retried() + " idle keep-alive closes retried, p50 " + percentile(0.5).toMillis() + " ms, p99 "
                    + percentile(0.99).toMillis() + " ms" + (errors.isEmpty() ? "" : "; first errors: " + errors);
        }
    }

    private void run(boolean reuse, long[] samples) {
        Socket socket = null;
        int sample = 0;
        while (!stop && requests.incrementAndGet() <= maxRequests) {
            long start = System.nanoTime();
            try {
                boolean fresh = socket == null;
                if (fresh) {
                    socket = connect();
                }
                Outcome outcome = exchange(socket, reuse);
                if (outcome == Outcome.NO_ANSWER && !fresh) {
                    retried.increment();
                    socket.close();
                    socket = connect();
                    outcome = exchange(socket, reuse);
                }
                if (outcome == Outcome.NO_ANSWER) {
                    throw new EOFException("no answer on a new connection");
                }
                ok.increment();
                if (sample < samples.length) {
                    samples[sample++] = System.nanoTime() - start;
                }
                if (outcome == Outcome.CLOSED) {
                    socket.close();
                    socket = null;
                }
            } catch (ConnectException e) {
                refused.increment();
                note(e);
                socket = closed(socket);
            } catch (SocketException e) {
                (String.valueOf(e.getMessage()).contains("reset") ? resets : failed).increment();
                note(e);
                socket = closed(socket);
            } catch (IOException | RuntimeException e) {
                failed.increment();
                note(e);
                socket = closed(socket);
            }
        }
        closed(socket);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    private enum Outcome { KEPT, CLOSED, NO_ANSWER }

    private static Outcome exchange(Socket socket, boolean reuse) throws IOException {
        OutputStream out = socket.getOutputStream();
        try {
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (reuse ? "" : "Connection: close\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (SocketException e) {
            return Outcome.NO_ANSWER;
        }
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status;
        try {
            status = line(in);
        } catch (SocketException e) {
            return Outcome.NO_ANSWER;
        }
        if (status == null) {
            return Outcome.NO_ANSWER;
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("answered " + status);
        }
        int length = -1;
        boolean close = !reuse;
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (header == null || length < 0 || in.readNBytes(length).length != length) {
            throw new EOFException("incomplete answer");
        }
        return close ? Outcome.CLOSED : Outcome.KEPT;
    }

    /** Reads a line without buffering beyond it: the stream is made afresh for each exchange. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void note(Exception e) {
        synchronized (errors) {
            if (errors.size() < 5) {
                errors.add(e.toString());
            }
        }
    }

    private static Socket closed(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        return null;
    }
}
