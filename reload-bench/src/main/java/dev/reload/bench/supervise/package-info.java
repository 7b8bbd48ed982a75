/**
 * Whole-process restarts under load: an HTTP server under {@code java -jar reload-agent.jar supervise}, restarted by
 * SIGHUP while bounded clients on 127.0.0.1 count refused connections, resets and failed requests, and measure latency
 * against the same load without restarts.
 */
package dev.reload.bench.supervise;
