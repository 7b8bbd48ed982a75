package dev.reload.agent.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JVMs with the agent follow one Maven repository, served over HTTP, into which plugin versions are published with
 * the real {@code mvn deploy}: each node decides alone, from the published bucket formula, when it takes a version.
 */
class FleetIT {

    private static final String POLL = "300ms";
    private static final String ARTIFACT = "greeter";

    /** 1.0.0, published once with mvn deploy for all tests: each copies it into its own repository. */
    @TempDir
    static Path published;

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final FleetRepository repository = FleetRepository.start(temp);

    @BeforeAll
    static void publishTheFirstVersion() {
        try (FleetRepository first = FleetRepository.start(published)) {
            Path jar = GreeterPlugin.version("1.0.0").writeTo(directory(published.resolve("jar")));
            first.deploy(ARTIFACT, "1.0.0", jar, null);
        }
    }

    @AfterEach
    void stopServing() {
        repository.close();
    }

    /** Publishes 1.0.0, as {@code mvn deploy} did for {@link #publishTheFirstVersion()}. */
    private void publishTheFirstVersion(FleetRepository into) {
        into.copyFrom(published.resolve("repository"));
    }

    @Test
    void everyNodeConvergesOnAVersionPublishedWithoutAScheduleAndRollsBackWhenItIsWithdrawn() {
        publishTheFirstVersion(repository);
        List<Host> nodes = startNodes(List.of("node-1", "node-2", "node-3"), Map.of());
        nodes.forEach(node -> node.awaitEveryCallerAnsweredBy("1.0.0"));
        List<Integer> served = nodes.stream().map(node -> node.jvm().mark()).toList();
        Path jar = jar("1.1.0");

        repository.deploy(ARTIFACT, "1.1.0", jar, null);
        long deployed = System.nanoTime();
        Map<Host, Long> serving = new LinkedHashMap<>();
        await().atMost(ChildJvm.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (Host node : nodes) {
                if (!serving.containsKey(node) && node.callerReports().contains("caller-0 answered by 1.1.0")) {
                    serving.put(node, System.nanoTime() - deployed);
                }
            }
            return serving.size() == nodes.size();
        });
        nodes.forEach(node -> node.awaitEveryCallerAnsweredBy("1.1.0"));
        System.out.printf("fleet convergence: poll %s, %d nodes: first node serving %d ms after mvn deploy ended,"
                        + " last %d ms%n", POLL, nodes.size(), serving.values().stream().mapToLong(n -> n).min()
                        .orElseThrow() / 1_000_000, serving.values().stream().mapToLong(n -> n).max()
                        .orElseThrow() / 1_000_000);

        List<Integer> marks = nodes.stream().map(node -> node.jvm().mark()).toList();
        repository.unlist(ARTIFACT, "1.1.0");

        for (int n = 0; n < nodes.size(); n++) {
            ChildJvm jvm = nodes.get(n).jvm();
            jvm.awaitLineAfter(marks.get(n), "the withdrawn jar removed",
                    ChildJvm.containsAll("removed greeter-1.1.0.jar", "withdrawn from the repository"));
            for (int caller = 0; caller < Host.CALLERS; caller++) {
                String line = "caller-" + caller + " answered by 1.0.0";
                jvm.awaitLineAfter(marks.get(n), "'" + line + "' after the withdrawal", line::equals);
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            int mark = served.get(n);
            assertThat(nodes.get(n).jvm().lines().stream()
                    .filter(l -> l.index() > mark && l.text().matches("caller-\\d+ failed: .*")))
                    .as("calls failed once the node served").isEmpty();
        }
    }

    @Test
    void reloadPollsTheRepositoryAtOnceAndStatusShowsWhereTheNodeStands() {
        publishTheFirstVersion(repository);
        Host node = startNodes(List.of("node-1"), Map.of("node-1", "poll=1h\n")).get(0);
        node.awaitEveryCallerAnsweredBy("1.0.0");
        repository.deploy(ARTIFACT, "1.1.0", jar("1.1.0"), null);

        String reload = cli("reload", Long.toString(node.jvm().pid()));

        assertThat(reload).contains("artifact.greeter: 1.1.0, newest in the repository 1.1.0");
        node.awaitEveryCallerAnsweredBy("1.1.0");
        String status = cli("status", "--json", Long.toString(node.jvm().pid()));
        assertThat(status).contains(",\"followed\":[{\"key\":\"artifact.greeter\",\"coordinate\":\""
                + FleetRepository.GROUP + ":greeter:[1.0,2.0)\",\"repository\":\"" + repository.url()
                + "\",\"newestSeen\":\"1.1.0\",\"installed\":\"1.1.0\",\"candidates\":[{\"version\":\"1.1.0\","
                + "\"percent\":100.0,\"bucket\":" + bucket("node-1", "1.1.0") + ",\"taken\":true}],\"bad\":[],"
                + "\"lastSuccessfulPoll\":\"").contains("\"lastError\":null}]}");
    }

    @Test
    void aScheduledRolloutMovesExactlyTheNodesWhoseBucketIsBelowEachStepsShare() throws IOException {
        // One node in each third of the buckets of 1.1.0, found with the formula the README publishes.
        List<String> ids = List.of(nodeWithBucket(0, 30), nodeWithBucket(36, 63), nodeWithBucket(70, 100));
        publishTheFirstVersion(repository);
        List<Host> nodes = startNodes(ids, Map.of());
        nodes.forEach(node -> node.awaitEveryCallerAnsweredBy("1.0.0"));

        Instant start = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        int[] percents = {34, 67, 100};
        int[] afterSeconds = {0, 4, 8};
        repository.deploy(ARTIFACT, "1.1.0", jar("1.1.0"), "start=" + start + "\nsteps=34%@0s,67%@4s,100%@8s\n");

        for (int step = 0; step < percents.length; step++) {
            Instant stepTime = start.plusSeconds(afterSeconds[step]);
            Host node = nodes.get(step);
            String installed = node.jvm().awaitLine("the node taking 1.1.0",
                    ChildJvm.containsAll("installed greeter-1.1.0.jar")).text();
            node.awaitEveryCallerAnsweredBy("1.1.0");
            assertThat(bucket(ids.get(step), "1.1.0")).isLessThan(percents[step])
                    .isGreaterThanOrEqualTo(step == 0 ? 0 : percents[step - 1]);
            assertThat(logTime(installed)).as("%s took 1.1.0 no earlier than the step that reaches its bucket",
                    ids.get(step)).isAfterOrEqualTo(localTime(stepTime));
            Instant nextStep = step + 1 < percents.length ? start.plusSeconds(afterSeconds[step + 1]) : null;
            for (int later = step + 1; later < nodes.size(); later++) {
                if (nextStep != null && Instant.now().isBefore(nextStep.minusMillis(500))) {
                    assertThat(nodes.get(later).jvm().find(ChildJvm.containsAll("installed greeter-1.1.0.jar")))
                            .as("%s, bucket %s, at %s%%", ids.get(later), bucket(ids.get(later), "1.1.0"),
                                    percents[step]).isEmpty();
                }
            }
        }
    }

    @Test
    void aJarWhoseChecksumDoesNotMatchIsRefusedAndTheNodeKeepsServing() {
        publishTheFirstVersion(repository);
        Host node = startNodes(List.of("node-1"), Map.of()).get(0);
        node.awaitEveryCallerAnsweredBy("1.0.0");
        repository.corrupt("greeter-1.1.0.jar");

        repository.deploy(ARTIFACT, "1.1.0", jar("1.1.0"), null);

        node.jvm().awaitLineContaining("refused " + FleetRepository.GROUP + ":greeter 1.1.0 from "
                + repository.url(), "Checksum validation failed");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                node.jvm().stdout(l -> l.contains("refused ")).size()
                        + node.jvm().stderr().stream().filter(l -> l.contains("refused ")).count() <= 1);
        assertThat(node.callerReports()).noneMatch(r -> r.contains("1.1.0"));
        assertThat(temp.resolve("node-1").resolve("plugins").resolve("greeter-1.1.0.jar")).doesNotExist();
    }

    @Test
    void aRepositoryThatAsksForCredentialsServesOnlyTheNodesThatGiveThem() throws IOException {
        repository.requireCredentials("reader", "s3cret");
        Path settings = Files.writeString(temp.resolve("settings.xml"), "<settings><servers><server><id>fleet</id>"
                + "<username>reader</username><password>s3cret</password></server></servers></settings>");
        publishTheFirstVersion(repository);

        List<Host> nodes = startNodes(List.of("anonymous", "from-environment", "from-settings"), Map.of(
                "from-environment", "username=reader\npassword.env=FLEET_PASSWORD\n",
                "from-settings", "settings=" + settings + "\n"));

        nodes.get(1).awaitEveryCallerAnsweredBy("1.0.0");
        nodes.get(2).awaitEveryCallerAnsweredBy("1.0.0");
        nodes.get(0).jvm().awaitLineContaining("cannot read the versions", "401");
        assertThat(nodes.get(0).callerReports()).noneMatch(r -> r.contains("answered"));
    }

    @Test
    void aNodeKeepsServingWhileTheRepositoryIsDownAndTakesTheNewVersionWhenItIsBack() {
        publishTheFirstVersion(repository);
        Host node = startNodes(List.of("node-1"), Map.of()).get(0);
        node.awaitEveryCallerAnsweredBy("1.0.0");

        repository.goDown();
        node.jvm().awaitLineContaining("cannot read the versions", "keeping what this node has");
        repository.deploy(ARTIFACT, "1.1.0", jar("1.1.0"), null);
        assertThat(node.callerReports()).noneMatch(r -> r.contains("1.1.0"));
        repository.comeBack();

        node.jvm().awaitLineContaining("repository " + repository.url(), "answers again, after");
        node.awaitEveryCallerAnsweredBy("1.1.0");
        assertThat(node.jvm().lines().stream().filter(l -> l.text().contains("keeping what this node has")))
                .as("one warning per distinct failure").hasSize(1);
    }

    @Test
    void withoutTheFleetOptionNoClassOfTheFollowerOrOfMavenResolverIsLoaded() throws IOException {
        Path plugins = directory(temp.resolve("plain").resolve("plugins"));
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Path classes = temp.resolve("class-load.log");
        Host host = Host.start(jvms, Host.withAgentOn(plugins).jvmOption("-Xlog:class+load=info:file=" + classes));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        host.jvm().awaitLineContaining("[reload] watching");

        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(l -> l.contains("dev.reload.runtime.ReloadRuntime "));
        assertThat(loaded).noneMatch(l -> l.contains("dev.reload.runtime.fleet.")
                || l.contains("dev.reload.shaded.org.eclipse.aether.")
                || l.contains("dev.reload.shaded.org.apache.http."));
    }

    /** Starts the nodes in parallel, each with a fleet file of its own: the common lines and {@code extra}. */
    private List<Host> startNodes(List<String> ids, Map<String, String> extra) {
        List<CompletableFuture<Host>> starting = new ArrayList<>();
        for (String id : ids) {
            Path plugins = directory(temp.resolve(id).resolve("plugins"));
            Path fleet = temp.resolve(id).resolve("fleet.properties");
            write(fleet, "repository=" + repository.url() + "\nnode=" + id + "\npoll=" + POLL + "\n"
                    + "artifact.greeter=" + FleetRepository.GROUP + ":" + ARTIFACT + ":[1.0,2.0)\n"
                    + extra.getOrDefault(id, ""));
            ChildJvm.Launch launch = Host.withAgentOn(plugins, "fleet=" + fleet)
                    .environment("FLEET_PASSWORD", "s3cret");
            starting.add(CompletableFuture.supplyAsync(() -> Host.start(jvms, launch)));
        }
        return starting.stream().map(CompletableFuture::join).toList();
    }

    /** @return what {@code java -jar reload-agent.jar <args>} printed, once it exited with status 0 */
    private String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Host.agentJar().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(temp, "cli-", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("%s exited", command).isTrue();
            String printed = Files.readString(out);
            assertThat(process.exitValue()).as("%s: %s", command, printed).isZero();
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Path jar(String version) {
        return GreeterPlugin.version(version).writeTo(directory(temp.resolve("jars").resolve(version)));
    }

    /** The README's formula: the first 8 bytes of SHA-256(node \n group:artifact \n version), scaled to [0, 100). */
    static double bucket(String node, String version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((node + "\n" + FleetRepository.GROUP + ":"
                    + ARTIFACT + "\n" + version).getBytes(StandardCharsets.UTF_8));
            java.math.BigInteger high = new java.math.BigInteger(1, java.util.Arrays.copyOf(digest, 8));
            return high.multiply(java.math.BigInteger.valueOf(10_000)).shiftRight(64).intValue() / 100.0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nodeWithBucket(double from, double below) {
        return IntStream.range(0, 10_000).mapToObj(i -> "node-" + i)
                .filter(id -> bucket(id, "1.1.0") >= from && bucket(id, "1.1.0") < below)
                .findFirst().orElseThrow();
    }

    /** The time at the start of a line of the runtime's log: {@code 05:18:10.482 INFO [reload] ...}. */
    private static LocalTime logTime(String line) {
        String text = line.substring(line.indexOf(':') - 2);
        return LocalTime.parse(text.substring(0, 12));
    }

    private static LocalTime localTime(Instant instant) {
        return instant.atZone(ZoneId.systemDefault()).toLocalTime().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
