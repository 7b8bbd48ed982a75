package com.acme.supervised;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Says which generation, in which process, answered: what the supervisor's tests check after a restart. */
@RestController
@ConditionalOnClass(name = "dev.reload.api.ListeningSockets")
class GenerationController {

    @GetMapping("/")
    String generation() {
        return "generation " + System.getenv().getOrDefault("RELOAD_GENERATION", "0") + " pid "
                + ProcessHandle.current().pid();
    }
}
