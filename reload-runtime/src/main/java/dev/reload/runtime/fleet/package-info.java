/**
 * Following a Maven repository: which versions of which artifacts this node takes, downloaded through Maven Resolver,
 * staged, checked and moved into the plugins directory; withdrawn versions taken out again. Its only output is files
 * in the plugins directory, so the watcher, the checks and the swap treat them as jars copied by hand. Knows nothing
 * about class loading, the engine or proxies; the roll-out arithmetic ({@code Buckets}, {@code RolloutSchedule},
 * {@code RolloutPlan}) knows nothing about polling or downloads. Only {@code ResolverClient} touches Maven Resolver,
 * and no class of this package is loaded unless the {@code fleet} option is set.
 */
package dev.reload.runtime.fleet;
