package dev.reload.samples.hello;

import dev.reload.api.Service;
import dev.reload.samples.greeter.Greeter;

/**
 * Version 2.0.0 of the greeter plugin, declared with {@link Service} instead of a service file. Its class has the
 * same name as in version 1.0.0: each version has a class loader of its own, so both can be loaded at once while the
 * old one drains.
 */
@Service(Greeter.class)
public class HelloGreeter implements Greeter {

    private static final String VERSION = "2.0.0";

    @Override
    public String greet(String name) {
        return "Hello again, " + name + ", good to see you! (greeter " + VERSION + ")";
    }
}
