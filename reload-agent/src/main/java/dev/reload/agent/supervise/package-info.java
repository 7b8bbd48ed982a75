/**
 * Whole-process hand-over: {@code java -jar reload-agent.jar supervise} holds the listening sockets and starts each
 * generation of the application with them, by systemd's socket-activation protocol; a new generation replaces the old
 * one once it is ready. Owns the supervisor's loop, the generations' lives, the sockets and the control socket, and,
 * in the application's JVM, {@link dev.reload.agent.supervise.SupervisedGeneration}. Knows nothing of plugins or the
 * engine; of the runtime it uses only the loader of JNA. System calls go through {@link dev.reload.agent.supervise.Posix}, whose JNA implementation in the
 * {@code jna} package is loaded apart from everything else (see {@code Supervise#posix}).
 */
package dev.reload.agent.supervise;
