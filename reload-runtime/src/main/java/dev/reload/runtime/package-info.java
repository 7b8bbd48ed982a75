/**
 * The engine's public face: {@link dev.reload.runtime.ReloadRuntime} starts it on a plugins directory, with
 * {@link dev.reload.runtime.ReloadOptions}. Everything in the subpackages is internal.
 */
package dev.reload.runtime;
