/**
 * The operator's command line, {@code java -jar reload-agent.jar <verb> <pid>}: attaches to a local JVM, reaches the
 * runtime's MBeans over the JVM's local JMX connector, and prints what they answer. Talks to the runtime only through
 * the {@code dev.reload.runtime.manage} interfaces, never to its classes, so it works against any JVM whose runtime
 * registers them.
 */
package dev.reload.agent.cli;
