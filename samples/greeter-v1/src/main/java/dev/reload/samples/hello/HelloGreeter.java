package dev.reload.samples.hello;

import dev.reload.samples.greeter.Greeter;

/**
 * Version 1.0.0 of the greeter plugin, declared in {@code META-INF/services/dev.reload.samples.greeter.Greeter}.
 *
 * <p>It is {@link AutoCloseable} so that its retirement shows: once a newer version serves and the last call into
 * this one has returned, the runtime calls {@link #close()} exactly once. A real plugin releases its threads, pools
 * and connections there, so that its class loader can be collected.
 */
public class HelloGreeter implements Greeter, AutoCloseable {

    private static final String VERSION = "1.0.0";

    @Override
    public String greet(String name) {
        return "Hello, " + name + "! (greeter " + VERSION + ")";
    }

    @Override
    public void close() {
        System.out.println("greeter " + VERSION + ": closed, its last call has returned");
    }
}
