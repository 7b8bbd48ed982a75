package dev.reload.runtime.leak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short Java program in a JVM of its own, started with nothing but the arguments given. */
final class ChildJvm {

    private static final long TIMEOUT_SECONDS = 60;

    private ChildJvm() {
    }

    /**
     * @return what the program printed on standard output; what it printed on standard error, such as a notice
     *         that the JVM picked up JAVA_TOOL_OPTIONS, is shown only when it fails
     * @throws IllegalStateException if it fails or does not end within a minute
     */
    static String run(Path workDir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(workDir, "child-", ".out");
        Path errors = Files.createTempFile(workDir, "child-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                .start();
        boolean ended = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        if (!ended || process.exitValue() != 0) {
            throw new IllegalStateException(command + (ended ? " exited with " + process.exitValue()
                    : " did not end within " + TIMEOUT_SECONDS + " s") + ":\n" + printed
                    + Files.readString(errors, StandardCharsets.UTF_8));
        }
        return printed;
    }

    /** @return the class path entry that holds reload-runtime's classes */
    static Path runtimeClasses() throws Exception {
        return Path.of(JdkInternals.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
