/**
 * The Spring Boot auto-configurations: the runtime from {@code reload.*} properties, and the endpoint, health
 * indicator and meters. Each backs off when the application defines the bean itself, and all of them when
 * {@code reload.enabled=false}.
 */
package dev.reload.spring.boot.autoconfigure;
