/**
 * Plugin jars and their versions: coordinates from the manifest or file name, version ordering, the class loader
 * rules, and turning a jar into a fully instantiated version. Knows nothing about routing or watching.
 */
package dev.reload.runtime.plugin;
