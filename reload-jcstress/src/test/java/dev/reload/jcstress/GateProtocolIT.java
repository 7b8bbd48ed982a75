package dev.reload.jcstress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the gate's jcstress tests from the packaged jar, briefly: one fork, one iteration of a second per test and JVM
 * mode, in a directory of their own. Fails when a test with the swap's barrier saw the drain read zero while a call
 * was inside, and when a test without the barrier never saw it: the tests prove the barrier only if they can tell it
 * missing. A longer run, by hand: {@code java -jar reload-jcstress/target/jcstress.jar -t 'Gate(Drain|Handshake)'
 * -jvmArgs -Xmx1g -sc false -f 1 -iters 3 -time 2000 -v}.
 */
class GateProtocolIT {

    private static final String PACKAGE = "dev.reload.runtime.proxy.";
    private static final Pattern TEST = Pattern.compile("\\[(OK|FAILED|ERROR)] " + Pattern.quote(PACKAGE) + "(\\w+)");
    private static final Pattern INSIDE_AT_ZERO = Pattern.compile("^\\s+1, 0\\s+([\\d,]+)\\s");

    @Test
    void aDrainReadsZeroWhileACallIsInsideOnlyWithoutTheBarrier() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("reload.jcstress.jar", "target/jcstress.jar"));
        assertThat(jar).isRegularFile();
        Path work = Files.createDirectories(Path.of("target", "jcstress-run"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process run = new ProcessBuilder(List.of(java, "-jar", jar.toAbsolutePath().toString(),
                "-t", "dev\\.reload\\.runtime\\.proxy\\.Gate(Drain|Handshake)",
                "-jvmArgs", "-Xmx1g", "-sc", "false",
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
        assertThat(printed).contains("RUN RESULTS:", "Failed tests: No matches.", "Error tests: No matches.")
                .doesNotContain("[FAILED]", "[ERROR]");
        Map<String, Long> insideAtZero = insideAtZero(printed);
        assertThat(insideAtZero).as("samples where the drain read zero while the call was inside, by test")
                .containsOnlyKeys("GateDrainWithBarrier", "GateDrainWithoutBarrier", "GateHandshakeWithBarrier",
                        "GateHandshakeWithoutBarrier")
                .containsEntry("GateDrainWithBarrier", 0L)
                .containsEntry("GateHandshakeWithBarrier", 0L);
        assertThat(insideAtZero.get("GateDrainWithoutBarrier")).as("GateDrainWithoutBarrier saw it").isPositive();
        assertThat(insideAtZero.get("GateHandshakeWithoutBarrier")).as("GateHandshakeWithoutBarrier saw it")
                .isPositive();
    }

    /** Sums the {@code 1, 0} outcomes jcstress printed under each test, over its JVM modes. */
    private static Map<String, Long> insideAtZero(String printed) {
        Map<String, Long> counts = new TreeMap<>();
        String test = null;
        for (String line : printed.split("\\R")) {
            Matcher name = TEST.matcher(line);
            if (name.find()) {
                test = name.group(2);
                counts.putIfAbsent(test, 0L);
                continue;
            }
            Matcher outcome = INSIDE_AT_ZERO.matcher(line);
            if (test != null && outcome.find()) {
                counts.merge(test, Long.parseLong(outcome.group(1).replace(",", "")), Long::sum);
            }
        }
        return counts;
    }
}
