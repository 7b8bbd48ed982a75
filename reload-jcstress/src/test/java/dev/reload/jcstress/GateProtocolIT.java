package dev.reload.jcstress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the gate's jcstress tests from the packaged jar, briefly: one fork, one iteration of a second per test, in a
 * directory of their own. Fails when jcstress saw an outcome a test forbids. A longer run, by hand:
 * {@code java -jar reload-jcstress/target/jcstress.jar -t 'Gate(Drain|Handshake)' -jvmArgs
 * '-Xmx512m -Dreload.gate=asymmetric' -sc false -f 1 -iters 3 -time 2000 -v}.
 */
class GateProtocolIT {

    @Test
    void noDrainReadsZeroWhileACallIsInside() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("reload.jcstress.jar", "target/jcstress.jar"));
        assertThat(jar).isRegularFile();
        Path work = Files.createDirectories(Path.of("target", "jcstress-run"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process run = new ProcessBuilder(List.of(java, "-jar", jar.toAbsolutePath().toString(),
                "-t", "dev\\.reload\\.runtime\\.proxy\\.Gate(Drain|Handshake)",
                "-jvmArgs", "-Xmx256m -Dreload.gate=asymmetric", "-sc", "false",
                "-f", "1", "-iters", "1", "-time", "1000", "-v"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String printed;
        try (InputStream in = run.getInputStream()) {
            printed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean ended = run.waitFor(5, TimeUnit.MINUTES);
        System.out.println(printed);

        assertThat(ended).as("jcstress ended within 5 minutes").isTrue();
        assertThat(run.exitValue()).as("jcstress's exit status").isZero();
        assertThat(printed).contains("RUN RESULTS:", "Failed tests: No matches.").doesNotContain("[FAILED]");
    }
}
