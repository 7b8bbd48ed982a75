/**
 * Measurements of a running engine, taken from the outside as an application would see it: jars moved atomically into
 * a watched directory, the first call a new version answers, the events listeners receive, timestamps the plugin's own
 * code takes, and the JVM's management beans. Nothing here reaches into the engine's internals.
 */
package dev.reload.bench.engine;
