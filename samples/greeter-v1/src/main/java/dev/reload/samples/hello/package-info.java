/**
 * The greeter plugin, version 1.0.0. Not a service interface package, so its classes load from the plugin jar first.
 */
package dev.reload.samples.hello;
