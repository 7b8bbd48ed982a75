package dev.reload.testkit;

/** The service most tests swap. */
public interface Greeter {

    String greet(String name);
}
