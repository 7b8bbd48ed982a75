package dev.reload.runtime.fleet;

import dev.reload.runtime.manage.FollowedStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The follower against a file repository laid out by hand, polled on the test's thread. */
class FleetFollowerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path temp;
    private FileRepository repository;
    private Path plugins;
    private final List<FleetFollower> followers = new ArrayList<>();

    @BeforeEach
    void layOut() throws IOException {
        repository = new FileRepository(temp.resolve("repository"), "com.acme");
        plugins = Files.createDirectories(temp.resolve("node").resolve("plugins"));
    }

    @AfterEach
    void stop() {
        followers.forEach(FleetFollower::close);
    }

    @Test
    void installsTheNewestVersionInRangeAsArtifactIdDashVersionJar() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        repository.publish("greeter", "2.0.0", null, "jar", bytes("out of range"));
        FleetFollower follower = follower("web-01", NOW);

        assertThat(follower.poll()).isFalse();

        assertThat(jars()).containsExactly("greeter-1.1.0.jar");
        assertThat(Files.readString(plugins.resolve("greeter-1.1.0.jar"))).isEqualTo("two");
        assertThat(follower.status().get(0).getNewestSeen()).isEqualTo("1.1.0");
        assertThat(follower.status().get(0).getInstalled()).isEqualTo("1.1.0");
        assertThat(follower.status().get(0).getLastSuccessfulPoll()).isEqualTo(NOW.toString());
    }

    @Test
    void aVersionTakenOutOfTheMetadataIsRemovedAndTheOneBelowStays() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        FleetFollower follower = follower("web-01", NOW);
        follower.poll();
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        follower.poll();
        assertThat(jars()).containsExactly("greeter-1.0.0.jar", "greeter-1.1.0.jar");

        repository.unlist("greeter", "1.1.0");
        follower.poll();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
    }

    @Test
    void aJarPlacedByHandIsNeverReplacedNorRemoved() throws Exception {
        Files.writeString(plugins.resolve("greeter-1.1.0.jar"), "by hand");
        repository.publish("greeter", "1.1.0", null, "jar", bytes("from the repository"));
        FleetFollower follower = follower("web-01", NOW);
        follower.poll();
        repository.unlist("greeter", "1.1.0");
        follower.poll();

        assertThat(Files.readString(plugins.resolve("greeter-1.1.0.jar"))).isEqualTo("by hand");
    }

    @Test
    void aWrongChecksumRefusesTheVersionNamingItAndTheUrlAndInstallsNothing() throws Exception {
        Path jar = repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        Files.writeString(jar, "tampered");
        FleetFollower follower = follower("web-01", NOW);

        assertThat(follower.poll()).isTrue();

        assertThat(jars()).isEmpty();
        assertThat(stagingFiles()).isEmpty();
        assertThat(follower.status().get(0).getInstalled()).isNull();
        assertThat(follower.status().get(0).getLastError())
                .contains("greeter 1.0.0").contains(repository.root().toUri().toString().replaceAll("/$", ""));
    }

    @Test
    void aMissingChecksumRefusesTheVersion() throws Exception {
        Path jar = repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        Files.delete(jar.resolveSibling(jar.getFileName() + ".sha1"));
        Files.delete(jar.resolveSibling(jar.getFileName() + ".sha256"));
        FleetFollower follower = follower("web-01", NOW);

        assertThat(follower.poll()).isTrue();
        assertThat(jars()).isEmpty();
    }

    @Test
    void aRolloutDescriptorLetsOnlyNodesBelowItsShareTakeTheVersion() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        repository.publish("greeter", "1.1.0", "rollout", "properties",
                bytes("start=" + NOW + "\nsteps=50%@0m,100%@1h\n"));
        for (String node : List.of("web-01", "web-02", "web-03", "web-04", "web-05", "web-06")) {
            Path nodePlugins = Files.createDirectories(temp.resolve(node).resolve("plugins"));
            follower(node, nodePlugins, NOW).poll();
            boolean below = Buckets.bucket(node, "com.acme", "greeter", "1.1.0") < 50;
            assertThat(Files.exists(nodePlugins.resolve("greeter-1.1.0.jar"))).as(node).isEqualTo(below);
            assertThat(Files.exists(nodePlugins.resolve("greeter-1.0.0.jar"))).as(node).isEqualTo(!below);
        }
        Path late = Files.createDirectories(temp.resolve("late").resolve("plugins"));
        follower("web-03", late, NOW.plus(Duration.ofHours(1))).poll();
        assertThat(late.resolve("greeter-1.1.0.jar")).exists();
    }

    @Test
    void aNewerDescriptorWithdrawsAVersionInARepositoryThatNeverDeletes() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        repository.publish("greeter", "1.1.0", null, "jar", bytes("bad"));
        FleetFollower follower = follower("web-01", NOW);
        follower.poll();
        repository.publish("greeter", "1.1.1", null, "jar", bytes("fixed"));
        repository.publish("greeter", "1.1.1", "rollout", "properties", bytes("withdrawn=1.1.0\n"));
        follower.poll();

        assertThat(jars()).containsExactly("greeter-1.1.1.jar");
    }

    @Test
    void aConfigurationArtifactIsInstalledAsTheNamedPropertiesFile() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        repository.publish("greeter-config", "1", null, "properties", bytes("greeting=hello\n"));
        FleetFollower follower = follower("web-01", plugins, NOW, true);
        follower.poll();
        repository.publish("greeter-config", "2", null, "properties", bytes("greeting=hi\n"));
        follower.poll();
        assertThat(Files.readString(plugins.resolve("greeter.properties"))).isEqualTo("greeting=hi\n");

        repository.unlist("greeter-config", "2");
        follower.poll();
        assertThat(Files.readString(plugins.resolve("greeter.properties"))).isEqualTo("greeting=hello\n");
    }

    @Test
    void aConfigurationFileWrittenByHandIsNeverReplaced() throws Exception {
        Files.writeString(plugins.resolve("greeter.properties"), "greeting=by hand\n");
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        repository.publish("greeter-config", "1", null, "properties", bytes("greeting=hello\n"));

        follower("web-01", plugins, NOW, true).poll();

        assertThat(Files.readString(plugins.resolve("greeter.properties"))).isEqualTo("greeting=by hand\n");
    }

    @Test
    void statusListsTheVersionsOfTheInstalledPluginMarkedBadHereAndAPollLeavesTheirJarsAsTheyAre() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        repository.publish("greeter-config", "1", null, "properties", bytes("greeting=hello\n"));
        Map<String, Collection<String>> marks = Map.of("greeter", List.of("1.1.0", "1.0.0"), "greeter-config",
                List.of("1"));
        FleetFollower follower = follower("web-01", plugins, NOW, true, id -> marks.getOrDefault(id, List.of()));
        follower.poll();
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        follower.poll();
        Path marked = plugins.resolve("greeter-1.1.0.jar");
        FileTime modified = Files.getLastModifiedTime(marked);

        follower.poll();

        assertThat(statusOf(follower, "artifact.greeter").getBad()).containsExactly("1.0.0", "1.1.0");
        assertThat(statusOf(follower, "config.greeter").getBad()).isEmpty();
        assertThat(jars()).containsExactly("greeter-1.0.0.jar", "greeter-1.1.0.jar");
        assertThat(Files.readString(marked)).isEqualTo("two");
        assertThat(Files.getLastModifiedTime(marked)).isEqualTo(modified);
    }

    @Test
    void aVersionMarkedBadIsNeverTheFallbackSoTheGoodOneBelowStaysWhenANewerArrives() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("good"));
        List<String> marks = new ArrayList<>();
        FleetFollower follower = follower("web-01", plugins, NOW, false, id -> List.copyOf(marks));
        follower.poll();
        repository.publish("greeter", "1.1.0", null, "jar", bytes("fails its bake"));
        follower.poll();
        marks.add("1.1.0");
        repository.publish("greeter", "1.2.0", null, "jar", bytes("newer"));

        follower.poll();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar", "greeter-1.1.0.jar", "greeter-1.2.0.jar");
        repository.unlist("greeter", "1.1.0");
        follower.poll();
        assertThat(jars()).containsExactly("greeter-1.0.0.jar", "greeter-1.2.0.jar");
    }

    @Test
    void nothingMarkedBadListsNoBadVersions() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        FleetFollower follower = follower("web-01", NOW);
        follower.poll();

        assertThat(follower.status().get(0).getBad()).isEmpty();
    }

    @Test
    void anUnreachableRepositoryKeepsWhatTheNodeHas() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        FleetFollower follower = follower("web-01", NOW);
        follower.poll();
        Files.move(repository.root(), temp.resolve("gone"));

        assertThat(follower.poll()).isTrue();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
        assertThat(follower.status().get(0).getLastError()).contains("greeter");
        assertThat(follower.status().get(0).getLastSuccessfulPoll()).isEqualTo(NOW.toString());
    }

    @Test
    void leftoversOfAKilledDownloadAreClearedAtStartAndTheLedgerSurvivesARestart() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        follower("web-01", NOW).poll();
        Path staging = PluginsOutput.stateDirectory(plugins).resolve("staging");
        Files.writeString(staging.resolve("greeter-1.1.0.jar.123.part"), "half");

        FleetFollower restarted = follower("web-01", NOW);
        assertThat(stagingFiles()).isEmpty();
        repository.unlist("greeter", "1.0.0");
        restarted.poll();
        assertThat(jars()).isEmpty();
    }

    @Test
    void eachWaitIsJitteredByAFifthAndBacksOffUpToEightTimes() {
        Duration poll = Duration.ofSeconds(10);
        assertThat(FleetFollower.nextDelay(poll, 0, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(FleetFollower.nextDelay(poll, 0, 0.999_999)).isEqualTo(Duration.ofSeconds(12));
        assertThat(FleetFollower.nextDelay(poll, 1, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(FleetFollower.nextDelay(poll, 9, 0.5)).isEqualTo(Duration.ofSeconds(80));
    }

    private FleetFollower follower(String node, Instant now) throws IOException {
        return follower(node, plugins, now);
    }

    private FleetFollower follower(String node, Path pluginsDirectory, Instant now) throws IOException {
        return follower(node, pluginsDirectory, now, false);
    }

    private FleetFollower follower(String node, Path pluginsDirectory, Instant now, boolean config)
            throws IOException {
        return follower(node, pluginsDirectory, now, config, id -> List.of());
    }

    private FleetFollower follower(String node, Path pluginsDirectory, Instant now, boolean config,
                                   Function<String, Collection<String>> badVersions) throws IOException {
        Properties p = new Properties();
        p.setProperty("repository", repository.root().toUri().toString());
        p.setProperty("node", node);
        p.setProperty("artifact.greeter", "com.acme:greeter:[1.0,2.0)");
        if (config) {
            p.setProperty("config.greeter", "com.acme:greeter-config:[1,)");
        }
        FleetFile fleet = FleetFile.parse(p);
        PluginsOutput output = PluginsOutput.open(pluginsDirectory);
        FleetFollower follower = new FleetFollower(fleet, output,
                ResolverClient.opener(fleet, Credentials.NONE, output.cache()),
                Clock.fixed(now, ZoneOffset.UTC), () -> { }, badVersions);
        followers.add(follower);
        return follower;
    }

    private static FollowedStatus statusOf(FleetFollower follower, String key) {
        return follower.status().stream().filter(s -> s.getKey().equals(key)).findFirst().orElseThrow();
    }

    private List<String> jars() throws IOException {
        try (Stream<Path> files = Files.list(plugins)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private List<Path> stagingFiles() throws IOException {
        try (Stream<Path> files = Files.list(PluginsOutput.stateDirectory(plugins).resolve("staging"))) {
            return files.toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
