/**
 * What Actuator shows of reload: the {@code reload} endpoint, the health assessment and its Spring Boot 3 indicator,
 * and the Micrometer meters, all read from the runtime's MBeans, whichever of the agent and the application started
 * it.
 */
package dev.reload.spring.boot.actuate;
