/**
 * The sample's service interface. It lives in the host application; plugins compile against it with scope
 * {@code provided} and never bundle it.
 */
package dev.reload.samples.greeter;
