/**
 * The call-cost check the default build runs: a few seconds of JMH that fail the build only when the proxy has become
 * grossly slower than a direct call.
 */
package dev.reload.bench.guard;
