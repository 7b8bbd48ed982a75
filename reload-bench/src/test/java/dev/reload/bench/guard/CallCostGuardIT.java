package dev.reload.bench.guard;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@link CallCostGuard} from the packaged benchmarks jar, as the build's only benchmark: JMH forks need the jar,
 * so the guard runs in a JVM of its own, and this test reports what it printed.
 */
class CallCostGuardIT {

    @Test
    void proxyCostsAtMostTenDirectCalls() throws Exception {
        Path jar = Path.of(System.getProperty("reload.bench.jar", "target/benchmarks.jar"));
        assertTrue(Files.isRegularFile(jar), "no benchmarks jar at " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process guard = new ProcessBuilder(List.of(java, "-cp", jar.toString(), CallCostGuard.class.getName()))
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = guard.getInputStream()) {
            in.transferTo(output);
        }
        boolean ended = guard.waitFor(3, TimeUnit.MINUTES);
        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertTrue(ended, "the guard did not end within 3 minutes");
        assertEquals(0, guard.exitValue(), "the call-cost guard failed:\n" + printed);
    }
}
