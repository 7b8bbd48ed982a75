/**
 * Ties the steps together: scans the directory, loads versions, routes proxies to the active ones, retires and
 * watches the unloading of the rest, and delivers events. Knows nothing about bytecode or file formats.
 */
package dev.reload.runtime.engine;
