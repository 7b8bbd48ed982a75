package dev.reload.runtime.fleet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM's standard proxy properties are honoured: a repository whose host name does not resolve is reached through
 * the forward proxy that {@code http.proxyHost} and {@code http.proxyPort} name.
 */
class RepositoryProxyTest {

    /** A name that never resolves (RFC 2606), so that only the proxy can reach it. */
    private static final String REPOSITORY = "http://repository.fleet.invalid/releases/";
    private static final List<String> PROPERTIES = List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts");

    @TempDir
    Path temp;
    private final Map<String, String> saved = new HashMap<>();
    private HttpRepository proxy;
    private FleetFollower follower;

    @BeforeEach
    void saveProperties() {
        PROPERTIES.forEach(name -> saved.put(name, System.getProperty(name)));
    }

    @AfterEach
    void restoreProperties() {
        if (follower != null) {
            follower.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void theArtifactIsFetchedThroughTheProxyTheJvmPropertiesName() throws Exception {
        Path served = temp.resolve("proxy");
        FileRepository repository = new FileRepository(served.resolve("releases"), "com.acme");
        repository.publish("greeter", "1.0.0", null, "jar", "one".getBytes(StandardCharsets.UTF_8));
        proxy = new HttpRepository(served);
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
        // The JDK's default skips the proxy for localhost only; the repository is elsewhere.
        System.setProperty("http.nonProxyHosts", "localhost");
        Path plugins = Files.createDirectories(temp.resolve("node").resolve("plugins"));

        follower = follower(plugins);

        assertThat(follower.poll()).isFalse();
        assertThat(Files.readString(plugins.resolve("greeter-1.0.0.jar"))).isEqualTo("one");
        assertThat(proxy.requests()).extracting(HttpRepository.Request::target)
                .contains(REPOSITORY + "com/acme/greeter/maven-metadata.xml",
                        REPOSITORY + "com/acme/greeter/1.0.0/greeter-1.0.0.jar");
    }

    @Test
    void aHostListedInNonProxyHostsIsReachedDirectly() throws Exception {
        proxy = new HttpRepository(temp.resolve("proxy"));
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
        System.setProperty("http.nonProxyHosts", "localhost|*.fleet.invalid");
        Path plugins = Files.createDirectories(temp.resolve("node").resolve("plugins"));

        follower = follower(plugins);

        assertThat(follower.poll()).as("the repository's name does not resolve").isTrue();
        assertThat(proxy.requests()).isEmpty();
    }

    private static FleetFollower follower(Path plugins) throws IOException {
        Properties p = new Properties();
        p.setProperty("repository", REPOSITORY);
        p.setProperty("node", "web-01");
        p.setProperty("artifact.greeter", "com.acme:greeter:[1.0,2.0)");
        FleetFile fleet = FleetFile.parse(p);
        PluginsOutput output = PluginsOutput.open(plugins);
        return new FleetFollower(fleet, output, ResolverClient.opener(fleet, Credentials.NONE, output.cache()),
                Clock.systemUTC(), () -> { }, id -> List.of());
    }
}
