/**
 * What management sees of a running runtime: the MXBean interfaces registered as {@code dev.reload:type=Registry}
 * and {@code dev.reload:type=Plugin,name=<id>}, readable with JDK types only by JConsole, VisualVM, the
 * {@code status} command and any JMX client. Interfaces only: the engine implements them.
 */
package dev.reload.runtime.manage;
