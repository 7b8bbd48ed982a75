package dev.reload.samples.spring;

import dev.reload.samples.greeter.Greeter;
import dev.reload.spring.boot.EnableReloadServices;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample Spring Boot application: a web service whose answers come from the greeter plugin. The {@link Greeter}
 * bean is the reload proxy, so the controller that holds it answers from whichever greeter version serves now.
 * {@code required} makes {@code /actuator/health} report down while no greeter is there.
 */
@SpringBootApplication
@EnableReloadServices(required = Greeter.class)
public class GreeterApplication {

    public static void main(String[] args) {
        SpringApplication.run(GreeterApplication.class, args);
    }
}
