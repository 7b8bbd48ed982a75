/**
 * Linkage verification of a plugin jar before any of its classes is loaded: every class, method and field its code
 * uses outside the jar must exist in the application as the JVM would resolve it, and every service implementation
 * must implement its interface as the application has it. Reads bytecode only; loads and initializes nothing from
 * the plugin. Knows nothing about class loaders beyond the lookup order it mirrors, nor about routing or watching.
 */
package dev.reload.runtime.verify;
