package dev.reload.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @Test
    void parsesVerbJsonPidAndOperands() throws CommandException {
        assertThat(CommandLine.parse("pin", "--json", "123", "greeter", "1.0.0"))
                .isEqualTo(new CommandLine(Verb.PIN, true, 123, List.of("greeter", "1.0.0")));
        assertThat(CommandLine.parse("status", "9")).isEqualTo(new CommandLine(Verb.STATUS, false, 9, List.of()));
    }

    @Test
    void reloadTakesAnOptionalPlugin() throws CommandException {
        assertThat(CommandLine.parse("reload", "5").operand(0)).isNull();
        assertThat(CommandLine.parse("reload", "5", "greeter").operand(0)).isEqualTo("greeter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "0", "12.5", "99999999999999999999"})
    void aPidMustBeAPositiveNumber(String pid) {
        assertThatThrownBy(() -> CommandLine.parse("status", pid))
                .isInstanceOf(CommandException.class)
                .hasMessage("'" + pid + "' is not a pid: a pid is a positive number, as jps prints it")
                .extracting(e -> ((CommandException) e).exitStatus()).isEqualTo(CommandException.USAGE);
    }

    @Test
    void missingAndExtraOperandsAreUsageErrorsNamingTheSynopsis() {
        assertThatThrownBy(() -> CommandLine.parse("pin", "1", "greeter"))
                .hasMessage("missing operands: pin [--json] <pid> <plugin> <version>");
        assertThatThrownBy(() -> CommandLine.parse("unpin", "1", "greeter", "extra"))
                .hasMessage("too many operands: unpin [--json] <pid> <plugin>");
        assertThatThrownBy(() -> CommandLine.parse("status"))
                .hasMessage("missing <pid>: status [--json] <pid>");
    }

    @Test
    void jsonGoesRightAfterTheVerbAndOtherOptionsAreUnknown() {
        assertThatThrownBy(() -> CommandLine.parse("status", "1", "--json"))
                .hasMessage("--json goes right after the verb");
        assertThatThrownBy(() -> CommandLine.parse("status", "--verbose", "1"))
                .hasMessage("unknown option '--verbose'");
    }

    @Test
    void anUnknownVerbExitsWithStatusTwoAndTheUsageOnStandardError() {
        Run run = run("frobnicate", "1");

        assertThat(run.status).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("reload: unknown verb 'frobnicate'" + System.lineSeparator() + "usage: ")
                .contains("pin [--json] <pid> <plugin> <version>", "reload [--json] <pid> [<plugin>]");
    }

    @Test
    void helpAndNoArgumentsPrintTheUsageAloneAndExitWithStatusTwo() {
        for (String[] args : List.of(new String[0], new String[]{"help"})) {
            Run run = run(args);
            assertThat(run.status).isEqualTo(2);
            assertThat(run.out).isEmpty();
            assertThat(run.err).startsWith("usage: java -jar reload-agent.jar <verb> [--json] <pid> [operands]");
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReloadCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }
}
