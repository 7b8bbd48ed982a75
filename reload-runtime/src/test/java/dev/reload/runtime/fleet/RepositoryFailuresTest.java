package dev.reload.runtime.fleet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The follower against a repository served over HTTP that fails: answering 500, slow, or serving a corrupt
 * {@code maven-metadata.xml}. The node keeps what it has, warns once per distinct failure, backs off, and says when
 * the repository answers again.
 */
class RepositoryFailuresTest {

    private static final String KEEPING = "keeping what this node has";
    private static final String METADATA = "com/acme/greeter/maven-metadata.xml";

    @TempDir
    Path temp;
    private FileRepository repository;
    private HttpRepository server;
    private Path plugins;
    private FleetFollower follower;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void serve() throws IOException {
        repository = new FileRepository(temp.resolve("repository"), "com.acme");
        server = new HttpRepository(repository.root());
        plugins = Files.createDirectories(temp.resolve("node").resolve("plugins"));
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (follower != null) {
            follower.close();
        }
        server.close();
        System.setErr(originalErr);
    }

    @Test
    void aRepositoryAnswering500KeepsWhatTheNodeHasWarnsOnceBacksOffAndSaysWhenItAnswersAgain() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        follower = follower(Duration.ofMillis(100));
        follower.pollNow();
        assertThat(jars()).containsExactly("greeter-1.0.0.jar");

        server.failWith(500);
        int before = server.requests().size();
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> metadataRequestTimes(before).size() >= 5);

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
        assertThat(Files.readString(plugins.resolve("greeter-1.0.0.jar"))).isEqualTo("one");
        assertThat(follower.status().get(0).getLastError()).contains("500");
        assertThat(lines(KEEPING)).as("one warning per distinct failure, not one per poll").hasSize(1);
        List<Long> times = metadataRequestTimes(before);
        // After three failed polls the wait is eight times the poll, less a fifth of jitter.
        assertThat(Duration.ofNanos(times.get(4) - times.get(3)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(100 * 8 * 8 / 10));

        server.failWith(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> !lines("answers again, after").isEmpty());
        assertThat(lines("answers again, after").get(0)).contains(server.url().replaceAll("/$", ""));
        await().atMost(Duration.ofSeconds(60)).until(() -> jars().contains("greeter-1.1.0.jar"));
        assertThat(lines(KEEPING)).hasSize(1);
    }

    @Test
    void aRepositorySlowerThanUsualButAnsweringWithinTheTimeoutStillInstalls() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        server.stall(300);
        follower = follower(Duration.ofHours(1));

        assertThat(follower.poll()).isFalse();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
        assertThat(lines(KEEPING)).isEmpty();
    }

    @Test
    void aRepositorySlowerThanTheTimeoutFailsThePollKeepsWhatTheNodeHasAndWarnsOnce() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        follower = follower(Duration.ofHours(1), "500ms");
        assertThat(follower.poll()).isFalse();
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        server.stall(3_000);

        assertThat(follower.poll()).isTrue();
        assertThat(follower.poll()).isTrue();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
        assertThat(follower.status().get(0).getLastError()).contains(server.url().replaceAll("/$", ""));
        assertThat(lines(KEEPING)).hasSize(1);
        server.stall(0);
        assertThat(follower.poll()).isFalse();
        assertThat(jars()).containsExactly("greeter-1.0.0.jar", "greeter-1.1.0.jar");
    }

    @Test
    void aCorruptMetadataFileKeepsWhatTheNodeHasAndWarnsOnce() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        follower = follower(Duration.ofHours(1));
        assertThat(follower.poll()).isFalse();
        Path metadata = repository.root().resolve(METADATA);
        Files.writeString(metadata, "<metadata><versioning><versions><version>1.1");
        FileRepository.writeChecksums(metadata);

        assertThat(follower.poll()).isTrue();
        assertThat(follower.poll()).isTrue();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
        assertThat(follower.status().get(0).getInstalled()).isEqualTo("1.0.0");
        assertThat(follower.status().get(0).getLastError()).contains("greeter");
        assertThat(lines(KEEPING)).hasSize(1);
    }

    @Test
    void aMetadataFileThatDoesNotMatchItsChecksumIsNotBelieved() throws Exception {
        repository.publish("greeter", "1.0.0", null, "jar", bytes("one"));
        follower = follower(Duration.ofHours(1));
        assertThat(follower.poll()).isFalse();
        Path metadata = repository.root().resolve(METADATA);
        byte[] published = Files.readAllBytes(metadata);
        Path sha1 = metadata.resolveSibling("maven-metadata.xml.sha1");
        Path sha256 = metadata.resolveSibling("maven-metadata.xml.sha256");
        byte[] publishedSha1 = Files.readAllBytes(sha1);
        byte[] publishedSha256 = Files.readAllBytes(sha256);
        repository.publish("greeter", "1.1.0", null, "jar", bytes("two"));
        // A metadata file that lists 1.1.0 but carries the checksums of the one that did not.
        Files.write(sha1, publishedSha1);
        Files.write(sha256, publishedSha256);
        assertThat(Files.readAllBytes(metadata)).isNotEqualTo(published);

        assertThat(follower.poll()).isTrue();
        assertThat(follower.poll()).isTrue();

        assertThat(jars()).containsExactly("greeter-1.0.0.jar");
        assertThat(lines(KEEPING)).hasSize(1);
    }

    /** @return when each request for the metadata arrived, from the {@code from}th request on */
    private List<Long> metadataRequestTimes(int from) {
        List<HttpRepository.Request> requests = server.requests();
        List<Long> times = new ArrayList<>();
        for (HttpRepository.Request request : requests.subList(from, requests.size())) {
            if (request.target().endsWith("/" + METADATA)) {
                times.add(request.nanos());
            }
        }
        return times;
    }

    private FleetFollower follower(Duration poll) throws IOException {
        return follower(poll, "60s");
    }

    private FleetFollower follower(Duration poll, String timeout) throws IOException {
        Properties p = new Properties();
        p.setProperty("timeout", timeout);
        p.setProperty("repository", server.url());
        p.setProperty("node", "web-01");
        p.setProperty("poll", poll.toMillis() + "ms");
        p.setProperty("artifact.greeter", "com.acme:greeter:[1.0,2.0)");
        FleetFile fleet = FleetFile.parse(p);
        PluginsOutput output = PluginsOutput.open(plugins);
        return new FleetFollower(fleet, output, ResolverClient.opener(fleet, Credentials.NONE, output.cache()),
                Clock.systemUTC(), () -> { }, id -> List.of());
    }

    private List<String> lines(String containing) {
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(containing)).toList();
    }

    private List<String> jars() throws IOException {
        try (Stream<Path> files = Files.list(plugins)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
