package dev.reload.runtime.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.jar.Attributes;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginCoordinatesTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "greeter-1.0.0.jar, greeter, 1.0.0",
            "order-service-2.10.0.jar, order-service, 2.10.0",
            "a-b-c-1.0.0-SNAPSHOT.jar, a-b-c, 1.0.0-SNAPSHOT",
            "x2-3.jar, x2, 3",
            "my-plugin-1.0-rc-1.jar, my-plugin, 1.0-rc-1",
    })
    void readsIdAndVersionFromTheFileName(String file, String id, String version) {
        PluginCoordinates c = PluginCoordinates.of(file, null);
        assertThat(c.id()).isEqualTo(id);
        assertThat(c.version()).hasToString(version);
    }

    @Test
    void prefersTheManifest() {
        PluginCoordinates c = PluginCoordinates.of("whatever.jar", manifest("billing", "3.1.4"));
        assertThat(c.id()).isEqualTo("billing");
        assertThat(c.version()).hasToString("3.1.4");
    }

    @Test
    void takesWhatTheManifestLacksFromTheFileName() {
        PluginCoordinates c = PluginCoordinates.of("greeter-1.2.0.jar", manifest("greetings", null));
        assertThat(c.id()).isEqualTo("greetings");
        assertThat(c.version()).hasToString("1.2.0");
    }

    @Test
    void refusesAFileNameWithoutAVersion() {
        assertThatThrownBy(() -> PluginCoordinates.of("greeter.jar", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot tell the plugin version: the manifest has no Reload-Plugin-Version")
                .hasMessageContaining("<id>-<version>.jar");
    }

    @Test
    void refusesAManifestVersionThatIsNotAVersion() {
        assertThatThrownBy(() -> PluginCoordinates.of("greeter-1.0.0.jar", manifest("greeter", "latest")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latest");
    }

    private static Manifest manifest(String id, String version) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (id != null) {
            m.getMainAttributes().putValue(PluginCoordinates.ID_ATTRIBUTE, id);
        }
        if (version != null) {
            m.getMainAttributes().putValue(PluginCoordinates.VERSION_ATTRIBUTE, version);
        }
        return m;
    }
}
