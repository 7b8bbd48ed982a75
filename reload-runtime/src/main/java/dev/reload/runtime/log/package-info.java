/**
 * Logging through SLF4J, or to standard error when the application has no SLF4J provider.
 */
package dev.reload.runtime.log;
