/**
 * What management sees of a running runtime: the MXBean interfaces it registers, their object names, and the status
 * report that the command line and the Spring Boot endpoint read from them and print as a table or as JSON. Knows
 * nothing about the engine behind the beans.
 */
package dev.reload.runtime.manage;
