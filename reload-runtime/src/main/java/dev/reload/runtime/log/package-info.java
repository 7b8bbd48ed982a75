/**
 * Logging through the application's SLF4J, found through the application's class loaders as they become known, or
 * to standard error while it has none. Links against no SLF4J: the runtime's own copy, in the agent jar, is relocated
 * and has no provider, and must never stand in for the application's.
 */
package dev.reload.runtime.log;
