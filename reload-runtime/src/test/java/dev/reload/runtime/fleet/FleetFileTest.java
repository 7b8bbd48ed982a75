package dev.reload.runtime.fleet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetFileTest {

    @TempDir
    Path temp;

    @Test
    void readsTheRepositoryTheFollowedArtifactsAndTheDefaults() throws IOException {
        FleetFile fleet = FleetFile.parse(properties("""
                repository=https://repo.example.com/releases
                artifact.greeter=com.acme:greeter:[1.0,2.0)
                config.greeter=com.acme:greeter-config:[1,)
                """));

        assertThat(fleet.repository().toString()).isEqualTo("https://repo.example.com/releases");
        assertThat(fleet.poll()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fleet.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fleet.repositoryId()).isEqualTo("fleet");
        assertThat(fleet.node()).isNotBlank();
        assertThat(fleet.followed()).containsExactly(
                new Followed("artifact.greeter", false, "greeter", "com.acme", "greeter", "[1.0,2.0)"),
                new Followed("config.greeter", true, "greeter", "com.acme", "greeter-config", "[1,)"));
        assertThat(fleet.followed().get(0).fileName("1.1.0")).isEqualTo("greeter-1.1.0.jar");
        assertThat(fleet.followed().get(1).fileName("3")).isEqualTo("greeter.properties");
    }

    @Test
    void refusesWhatItCannotFollowByName() {
        assertThatThrownBy(() -> FleetFile.parse(properties("artifact.greeter=com.acme:greeter:[1,)")))
                .hasMessageContaining("no 'repository'");
        assertThatThrownBy(() -> FleetFile.parse(properties("repository=ftp://x\nartifact.g=a:b:[1,)")))
                .hasMessageContaining("https://, http:// or file:");
        assertThatThrownBy(() -> FleetFile.parse(properties("repository=file:/r\nartifact.g=a:b")))
                .hasMessageContaining("'artifact.g' must be groupId:artifactId:versionRange");
        assertThatThrownBy(() -> FleetFile.parse(properties("repository=file:/r\nartifact.g=a:b:[1,)\nbake=1m")))
                .hasMessageContaining("unknown key 'bake'");
        assertThatThrownBy(() -> FleetFile.parse(properties("repository=file:/r"))).hasMessageContaining("nothing");
        assertThatThrownBy(() -> FleetFile.parse(properties("repository=file:/r\nartifact.g=a:b:[1,)\ntimeout=0s")))
                .hasMessageContaining("'timeout' must be more than 0");
        assertThatThrownBy(() -> FleetFile.parse(properties("repository=file:/r\nartifact.g=a:b:[1,)\npassword.env=P")))
                .hasMessageContaining("'password.env' without 'username'");
    }

    @Test
    void thePasswordComesFromTheNamedEnvironmentVariable() throws IOException {
        FleetFile fleet = FleetFile.parse(properties(
                "repository=file:/r\nartifact.g=a:b:[1,)\nusername=reader\npassword.env=REPO_PASSWORD"));

        assertThat(Credentials.of(fleet, Map.of("REPO_PASSWORD", "s3cret")::get))
                .isEqualTo(new Credentials("reader", "s3cret"));
        assertThatThrownBy(() -> Credentials.of(fleet, name -> null)).hasMessageContaining("REPO_PASSWORD");
    }

    @Test
    void withoutAnEnvironmentVariableTheCredentialsComeFromTheSettingsServerOfTheRepositorysId() throws IOException {
        Path settings = Files.writeString(temp.resolve("settings.xml"), """
                <settings><servers>
                  <server><id>other</id><username>x</username><password>y</password></server>
                  <server><id>releases</id><username>reader</username><password>s3cret</password></server>
                </servers></settings>
                """);
        FleetFile fleet = FleetFile.parse(properties("repository=file:/r\nartifact.g=a:b:[1,)\nrepository.id=releases\n"
                + "settings=" + settings));

        assertThat(Credentials.of(fleet, name -> null)).isEqualTo(new Credentials("reader", "s3cret"));
        assertThat(Credentials.of(FleetFile.parse(properties("repository=file:/r\nartifact.g=a:b:[1,)\nsettings="
                + temp.resolve("none.xml"))), name -> null)).isEqualTo(Credentials.NONE);
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
