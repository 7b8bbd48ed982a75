package com.acme;

import dev.reload.api.ServiceRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

@SpringBootApplication
public class App {

    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }

    /** The proxy: asked for once, it follows every version of the plugin. */
    @Bean
    Greeter greeter() {
        return ServiceRegistry.get(Greeter.class);
    }

    /** Says where the application listens on standard output, whatever logging is configured. */
    @EventListener
    void ready(ApplicationReadyEvent event) {
        System.out.println("ready on port " + event.getApplicationContext().getEnvironment()
                .getProperty("local.server.port"));
    }
}
