package dev.reload.agent.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the command line can ask of a runtime, and the operands each verb takes after the pid. */
enum Verb {

    STATUS(List.of(), 0, "the plugins, their versions, states and counters"),
    PIN(List.of("<plugin>", "<version>"), 2, "keep <version> active whatever higher versions arrive"),
    UNPIN(List.of("<plugin>"), 1, "let the highest version present serve again"),
    ROLLBACK(List.of("<plugin>"), 1, "activate the version active before the current one, and pin it"),
    RELOAD(List.of("[<plugin>]"), 0, "rescan the plugins directory now; with a plugin, re-read its config"),
    RESTART(List.of(), 0, "<pid> a supervisor: start a new generation, return once it is ready or refused");

    private final List<String> operands;
    private final int required;
    private final String summary;

    Verb(List<String> operands, int required, String summary) {
        this.operands = operands;
        this.required = required;
        this.summary = summary;
    }

    static Optional<Verb> named(String name) {
        for (Verb verb : values()) {
            if (verb.verbName().equals(name)) {
                return Optional.of(verb);
            }
        }
        return Optional.empty();
    }

    String verbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the verb as it is written, with its operands: {@code pin [--json] <pid> <plugin> <version>} */
    String synopsis() {
        return verbName() + " [--json] <pid>" + (operands.isEmpty() ? "" : " " + String.join(" ", operands));
    }

    String summary() {
        return summary;
    }

    int requiredOperands() {
        return required;
    }

    int maximumOperands() {
        return operands.size();
    }
}
