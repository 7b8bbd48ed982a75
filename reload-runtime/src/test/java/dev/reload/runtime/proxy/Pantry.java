package dev.reload.runtime.proxy;

/** A super-interface, so that inherited methods are dispatched too. */
public interface Pantry {

    String stock();
}
