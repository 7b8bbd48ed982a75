/**
 * The plugins directory: file events, and deciding when a jar has settled enough to be loaded. Knows nothing about
 * class loading.
 */
package dev.reload.runtime.watch;
