/**
 * What the agent adds before {@code main}: child JVMs started with and without {@code -javaagent}, with 0, 10 and 100
 * plugin jars in the plugins directory.
 */
package dev.reload.bench.startup;
