package dev.reload.bench.supervise;

import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded HTTP/1.1 load on 127.0.0.1 for a fixed time: clients that keep their connection alive and clients that open
 * one per request. A request that gets no byte of answer on a kept-alive connection, which the server closed while
 * idle, is retried once on a new connection, as HTTP clients retry idempotent requests, and counted apart; everything
 * else that goes wrong is a refusal, a reset or a failure.
 */
final class LoadClients {

    final LongAdder ok = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    private final int port;

    LoadClients(int port) {
        this.port = port;
    }

    /** Runs the clients for {@code duration}, at most {@code maxRequests} requests each, and waits for them. */
    LoadClients run(int keepAlive, int perRequest, Duration duration, long maxRequests) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < keepAlive + perRequest; i++) {
            boolean reuse = i < keepAlive;
            Thread thread = new Thread(() -> client(reuse, end, maxRequests), "load-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return this;
    }

    long p99Micros() {
        synchronized (latency) {
            return TimeUnit.NANOSECONDS.toMicros(latency.getValueAtPercentile(99));
        }
    }

    long p50Micros() {
        synchronized (latency) {
            return TimeUnit.NANOSECONDS.toMicros(latency.getValueAtPercentile(50));
        }
    }

    String errors() {
        return String.format(Locale.ROOT, "%d refused, %d reset, %d failed", refused.sum(), resets.sum(),
                failed.sum());
    }

    private void client(boolean reuse, long end, long maxRequests) {
        Histogram own = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        Socket socket = null;
        for (long n = 0; n < maxRequests && System.nanoTime() < end; n++) {
            long start = System.nanoTime();
            try {
                boolean fresh = socket == null;
                if (fresh) {
                    socket = connect();
                }
                Boolean keep = exchange(socket, reuse);
                if (keep == null && !fresh) {
                    retried.increment();
                    socket.close();
                    socket = connect();
                    keep = exchange(socket, reuse);
                }
                if (keep == null) {
                    throw new IOException("no answer on a new connection");
                }
                ok.increment();
                own.recordValue(Math.min(System.nanoTime() - start, own.getHighestTrackableValue()));
                if (!keep) {
                    socket.close();
                    socket = null;
                }
            } catch (ConnectException e) {
                refused.increment();
                socket = close(socket);
            } catch (SocketException e) {
                (String.valueOf(e.getMessage()).contains("reset") ? resets : failed).increment();
                socket = close(socket);
            } catch (IOException | RuntimeException e) {
                failed.increment();
                socket = close(socket);
            }
        }
        close(socket);
        synchronized (latency) {
            latency.add(own);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    /** @return whether the connection stays open, or {@code null} when no byte of answer came */
    private static Boolean exchange(Socket socket, boolean reuse) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status;
        try {
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (reuse ? "" : "Connection: close\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            status = line(in);
        } catch (SocketException e) {
            return null;
        }
        if (status == null) {
            return null;
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("answered " + status);
        }
        int length = -1;
        boolean keep = reuse;
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                keep = false;
            }
        }
        if (header == null || length < 0 || in.readNBytes(length).length != length) {
            throw new IOException("incomplete answer");
        }
        return keep;
    }

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

    private static Socket close(Socket socket) {
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
