package dev.reload.bench.startup;

import dev.reload.bench.engine.ScorerPlugins;
import dev.reload.bench.report.ResultsDirectory;
import dev.reload.bench.report.Samples;
import dev.reload.bench.report.Table;
import dev.reload.bench.subject.Scorer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up: the time from starting a child JVM to the first line of its {@code main}, without the agent and with it
 * on plugins directories holding 0, 10 and 100 plugin jars declared in services files, and 10 declared with
 * {@code @Service}. The configurations take turns run by run, so a change in the machine's load spreads over all of
 * them; the first round warms the file cache and is not counted. Each run with the agent is checked, from the
 * agent's log, to have activated every jar.
 *
 * <p>An agent whose {@code premain} does nothing gives what any agent costs, which reload cannot remove. The time
 * from the end of {@code main} to the process's exit is reported too.
 *
 * <p>The application is a jar of its own holding only {@link StartupProbe} and the service interface, so that the
 * agent's classes come from the agent jar alone, as in a real deployment.
 *
 * <p>{@code java -cp benchmarks.jar dev.reload.bench.startup.AgentStartup [results-dir] [agent-jar] [runs]}
 */
public final class AgentStartup {

    private static final Pattern ACTIVE = Pattern.compile("(\\d+) plugin\\(s\\) active");
    private static final int[] JARS = {0, 10, 100};

    private AgentStartup() {
    }

    public static void main(String[] args) throws Exception {
        ResultsDirectory results = ResultsDirectory.fromArgs(args);
        Path agent = Path.of(args.length > 1 ? args[1] : "reload-agent/target/reload-agent.jar").toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        if (!Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("no agent jar at " + agent + "; build it with mvn package");
        }
        Path work = Files.createTempDirectory("reload-startup-");
        try {
            Path app = applicationJar(work);
            List<Config> configs = new ArrayList<>();
            configs.add(new Config("no agent", null, -1));
            configs.add(new Config("empty agent (premain returns at once)", null, -1, emptyAgentJar(work)));
            for (int jars : JARS) {
                configs.add(new Config("agent, " + jars + " plugin jars", pluginsDirectory(work, jars, false), jars));
            }
            configs.add(new Config("agent, 10 plugin jars declaring @Service", pluginsDirectory(work, 10, true), 10));
            for (int round = 0; round <= runs; round++) {
                for (Config config : configs) {
                    Timing timing = start(config, agent, app, work);
                    if (round > 0) {
                        config.toMain.add(timing.toMain);
                        config.cpuToMain.add(timing.cpuToMain);
                        config.toExit.add(timing.toExit);
                        config.exitAfterMain.add(timing.toExit - timing.toMain);
                    }
                }
            }
            long floor = configs.get(0).toMain.median();
            long cpuFloor = configs.get(0).cpuToMain.median();
            Table table = new Table("JVM", "to main, median ms", "[fastest, slowest]", "added, ms",
                    "CPU to main, median ms", "CPU added, ms", "whole run, median ms", "main → exit, median ms");
            for (Config config : configs) {
                boolean first = config == configs.get(0);
                table.row(config.label, Table.millis(config.toMain.median()), "[" + Table.millis(config.toMain.min())
                                + ", " + Table.millis(config.toMain.max()) + "]",
                        first ? "-" : "+" + Table.millis(config.toMain.median() - floor),
                        Table.millis(config.cpuToMain.median()),
                        first ? "-" : "+" + Table.millis(config.cpuToMain.median() - cpuFloor),
                        Table.millis(config.toExit.median()), Table.millis(config.exitAfterMain.median()));
            }
            results.write("startup.md", "## Agent start-up\n\nFrom starting the child JVM to the first line of its "
                    + "main (the child prints System.nanoTime(), the system-wide monotonic clock on Linux); median of "
                    + runs + " runs per row, rows taking turns, one warm-up round not counted. \"Added\" is against "
                    + "the median without an agent in the same run. \"CPU\" is the CPU time the child had used when "
                    + "main began, all its threads together, in the kernel's 10 ms ticks: on a busy machine it moves "
                    + "far less than the wall clock.\n\n" + table.toMarkdown());
        } finally {
            delete(work);
        }
    }

    private static Timing start(Config config, Path agent, Path app, Path work) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (config.plugins != null) {
            command.add("-javaagent:" + agent + "=plugins=" + config.plugins);
        } else if (config.otherAgent != null) {
            command.add("-javaagent:" + config.otherAgent);
        }
        command.add("-cp");
        command.add(app.toString());
        command.add(StartupProbe.class.getName());
        Path log = work.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        int status = process.waitFor();
        long exited = System.nanoTime();
        String errors = Files.readString(log);
        if (status != 0 || line == null) {
            throw new IllegalStateException(config.label + ": the child JVM failed (" + status + "): " + errors);
        }
        if (config.plugins != null) {
            Matcher m = ACTIVE.matcher(errors);
            if (!m.find() || Integer.parseInt(m.group(1)) != config.jars) {
                throw new IllegalStateException(config.label + ": the agent did not activate every jar: " + errors);
            }
        }
        String[] values = line.trim().split(" ");
        return new Timing(Long.parseLong(values[0]) - start, exited - start, Long.parseLong(values[1]));
    }

    /** A jar holding only the probe and the service interface its plugins implement. */
    private static Path applicationJar(Path work) throws IOException {
        return jarOf(work.resolve("app.jar"), new Manifest(), StartupProbe.class, Scorer.class);
    }

    /** An agent jar of {@link EmptyAgent} alone. */
    private static Path emptyAgentJar(Path work) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), EmptyAgent.class.getName());
        return jarOf(work.resolve("empty-agent.jar"), manifest, EmptyAgent.class);
    }

    private static Path jarOf(Path jar, Manifest manifest, Class<?>... types) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> type : types) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * @param annotated declare the implementations with {@code @Service} rather than a services file, which makes the
     *                  runtime scan the jars' annotations
     */
    private static Path pluginsDirectory(Path work, int jars, boolean annotated) throws IOException {
        Path directory = Files.createDirectory(work.resolve("plugins-" + jars + (annotated ? "-annotated" : "")));
        for (int i = 0; i < jars; i++) {
            String id = String.format("plugin%03d", i);
            try (OutputStream out = Files.newOutputStream(directory.resolve(id + "-1.0.1.jar"))) {
                out.write(annotated ? ScorerPlugins.annotatedJar(id, 1) : ScorerPlugins.jar(id, 1, 1, false));
            }
        }
        return directory;
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Timing(long toMain, long toExit, long cpuToMain) {
    }

    private static final class Config {
        final String label;
        final Path plugins;
        final int jars;
        final Path otherAgent;
        final Samples toMain = new Samples();
        final Samples cpuToMain = new Samples();
        final Samples toExit = new Samples();
        final Samples exitAfterMain = new Samples();

        Config(String label, Path plugins, int jars) {
            this(label, plugins, jars, null);
        }

        Config(String label, Path plugins, int jars, Path otherAgent) {
            this.label = label;
            this.plugins = plugins;
            this.jars = jars;
            this.otherAgent = otherAgent;
        }
    }
}
