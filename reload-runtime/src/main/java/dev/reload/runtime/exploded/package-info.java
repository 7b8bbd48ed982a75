/**
 * Exploded plugins, for dev mode: a directory of class files in the plugins directory, or a symbolic link to one (a
 * build's {@code target/classes}), followed as it changes. Owns telling when a tree has been quiet long enough,
 * copying it into a private snapshot jar that a running compile can no longer change, and the development version of
 * each generation. Hands the engine the same candidates and rejections the jar directory does; knows nothing about
 * class loading, routing or the jars themselves.
 */
package dev.reload.runtime.exploded;
