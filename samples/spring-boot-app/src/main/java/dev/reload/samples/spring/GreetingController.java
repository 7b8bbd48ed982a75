package dev.reload.samples.spring;

import dev.reload.api.ServiceUnavailableException;
import dev.reload.samples.greeter.Greeter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /greet?name=world}: the greeting of the greeter version serving now. */
@RestController
class GreetingController {

    private final Greeter greeter;

    GreetingController(Greeter greeter) {
        this.greeter = greeter;
    }

    @GetMapping(path = "/greet", produces = "text/plain")
    String greet(@RequestParam(name = "name", defaultValue = "world") String name) {
        return greeter.greet(name);
    }

    /** No greeter jar in the plugins directory, or reload turned off: the service is unavailable, not broken. */
    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<String> unavailable(ServiceUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(e.getMessage());
    }
}
