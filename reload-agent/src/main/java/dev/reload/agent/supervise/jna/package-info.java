/**
 * The supervisor's system calls through JNA. Loaded only by the supervisor's JNA class loader; nothing outside this
 * package may name its classes.
 */
package dev.reload.agent.supervise.jna;
