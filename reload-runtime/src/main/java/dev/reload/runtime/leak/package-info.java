/**
 * Why a retired plugin version's class loader is still reachable, in plain words, and the few releases that are safe
 * to make on the plugin's behalf when it retires: the checks a servlet container makes when it undeploys a web
 * application (threads, thread locals, JDBC drivers, shutdown hooks, timers, logging). It knows nothing about
 * plugins, versions or routing: it is given a class loader and answers about it; the engine decides when to ask.
 *
 * <p>Several answers live in private fields of {@code java.base}; {@link dev.reload.runtime.leak.JdkInternals} opens
 * them when the agent is there, and without it each answer that cannot be read says so instead. They are opened to
 * the finder's code alone, which a class loader of its own defines, never to the application's classes.
 */
package dev.reload.runtime.leak;
