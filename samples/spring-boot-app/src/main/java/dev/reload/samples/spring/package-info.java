/**
 * The sample Spring Boot application, as run by {@code samples/spring-demo.sh}: the reload starter, a controller
 * that calls the greeter plugin, and Actuator.
 */
package dev.reload.samples.spring;
