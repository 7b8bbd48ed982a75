/**
 * What the runtime tells the application, and the threads it does its work on: the JVM-wide
 * {@link dev.reload.runtime.event.EventBus} that delivers {@link dev.reload.api.ReloadEvent}s to listeners in order,
 * on a thread of its own, and {@link dev.reload.runtime.event.DaemonThreads}, the factory of every thread the runtime
 * starts. Depends on nothing else of the runtime, so that every step can publish.
 */
package dev.reload.runtime.event;
