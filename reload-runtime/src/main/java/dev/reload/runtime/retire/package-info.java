/**
 * Retirement: a version no route points to any more waits until every call that entered it has returned, has its
 * instances closed (with its own class loader as context class loader) and its class loader released
 * ({@link dev.reload.runtime.retire.Retirer}); then its loader is watched until the collector frees it, and reported,
 * with what holds it, when it outlives {@code leakCheckAfter} ({@link dev.reload.runtime.retire.UnloadWatch}). Refused
 * versions are watched the same way. Knows nothing about the directory, the choice of versions or routing: the
 * engine hands it what it retires.
 */
package dev.reload.runtime.retire;
