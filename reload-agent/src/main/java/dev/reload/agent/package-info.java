/**
 * The {@code -javaagent} entry point: reads the agent's options, opens the JDK internals the leak finder reads to the
 * finder alone, and starts the runtime before {@code main}, following the application's class loader from there. The
 * operator's command line lives in {@code cli}; everything else is the runtime's.
 */
package dev.reload.agent;
