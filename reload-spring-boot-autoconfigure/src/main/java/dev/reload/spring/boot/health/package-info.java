/**
 * The {@code reload} health indicator for Spring Boot 4, compiled against Boot 4's health API and loaded only where
 * that API is present. Spring Boot 3's is in {@link dev.reload.spring.boot.actuate}.
 */
package dev.reload.spring.boot.health;
