package com.acme.supervised;

import dev.reload.api.ListeningSockets;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tomcat on the supervisor's socket, and a hand-over that fails no request: on SIGTERM, stop accepting, answer what
 * comes with {@code Connection: close}, and let the web server stop once nothing is in flight and the connections are
 * closed, or idle for a grace. Spring Boot's own
 * graceful shutdown pauses the connector instead, and a paused Tomcat answers 503 to a request on a kept-alive
 * connection.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.reload.api.ListeningSockets")
public class SupervisedTomcat {

    private final AtomicInteger inFlight = new AtomicInteger();

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> inheritedSocket() {
        return factory -> {
            if (ListeningSockets.inherited()) {
                factory.setProtocol(InheritedSocketProtocol.class.getName());
            }
        };
    }

    @Bean
    Filter inFlightRequests() {
        return (request, response, chain) -> {
            inFlight.incrementAndGet();
            try {
                chain.doFilter(request, response);
            } finally {
                inFlight.decrementAndGet();
            }
        };
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        ListeningSockets.ready();
    }

    /** Stops before the web server does: the highest phase stops first. */
    @Bean
    SmartLifecycle drainBeforeStop() {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                InheritedSocketProtocol.Endpoint endpoint = InheritedSocketProtocol.endpoint;
                if (endpoint == null) {
                    return;
                }
                try {
                    endpoint.stopAccepting();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                // Connections accepted just before the close have a request on the way, and busy kept-alive ones
                // send their next: wait, within a grace, until they are answered and closed.
                long grace = System.nanoTime() + 2_000_000_000L;
                while ((inFlight.get() > 0 && System.nanoTime() < deadline)
                        || (!endpoint.getConnections().isEmpty() && System.nanoTime() < grace)) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
