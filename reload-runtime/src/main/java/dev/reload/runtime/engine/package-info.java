/**
 * The deployment state and what changes it, one room per concern: each plugin's {@code Deployment} (the version that
 * serves, the load in flight, the versions that served before); the {@code Reconciler}, which decides from the
 * directory's view which version should serve; {@code Activation}, which routes the proxies to it, handing state
 * over where both versions ask for it; {@code ConfigChanges} for configuration files; {@code Refusals}, the one
 * record of what was refused and when to try it again; {@code Bake}, which swaps back a new version whose calls
 * fail, and {@code BadVersions}, the marks it leaves; {@code ApplicationLoader}, the application's class loader it
 * follows; {@code Loaders}, what versions are loaded with; and {@code Engine}, a small coordinator that runs all of it on one thread.
 *
 * <p>Data flows one way through the packages: {@code watch} finds candidate jars, {@code plugin} turns a candidate
 * into a loaded version, this package decides which loaded version serves and tells {@code proxy} where calls go,
 * and hands what no longer serves to {@code retire}, which closes it and asks {@code leak} when it does not unload.
 * Only this package knows the others; it knows nothing about bytecode or file formats.
 */
package dev.reload.runtime.engine;
