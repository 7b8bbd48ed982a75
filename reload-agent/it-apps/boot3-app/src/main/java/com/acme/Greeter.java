package com.acme;

/** The service the application asks reload for; its implementations come from plugin jars. */
public interface Greeter {

    String greet(String name);
}
