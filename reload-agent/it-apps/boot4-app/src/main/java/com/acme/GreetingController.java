package com.acme;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GreetingController {

    private final Greeter greeter;

    GreetingController(Greeter greeter) {
        this.greeter = greeter;
    }

    @GetMapping("/greet")
    String greet(@RequestParam String name) {
        return greeter.greet(name);
    }

    /** Collects garbage, so that a test sees a retired plugin version unload without waiting for the JVM to. */
    @PostMapping("/gc")
    String gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return "gc done";
    }
}
