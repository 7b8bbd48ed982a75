/**
 * The call path: generated proxies, the slot each one reads its route from, and the striped gate that counts calls
 * inside a version. Knows nothing about jars or files.
 */
package dev.reload.runtime.proxy;
