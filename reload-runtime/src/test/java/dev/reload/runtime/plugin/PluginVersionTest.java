package dev.reload.runtime.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginVersionTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
            "1.9.0, 1.10.0",
            "1.0.0-SNAPSHOT, 1.0.0",
            "1.0.0-alpha, 1.0.0-beta",
            "1.0.0-beta, 1.0.0-milestone",
            "1.0.0-m1, 1.0.0-rc1",
            "1.0.0-rc1, 1.0.0-SNAPSHOT",
            "1.0.0-rc1, 1.0.0-rc2",
            "1.0.0-alpha1, 1.0.0-a2",
            "1.0.0, 1.0.0-sp1",
            "1.0.0-sp1, 1.0.0-foo",
            "1.0.0-foo, 1.0.1",
            "1.0.0-rc1, 1.0.0.1",
            "2, 10",
            "1.0, 1.0.1",
            "0.9.99, 1",
            "1.0.0-bar, 1.0.0-foo",
            "1.0.0-cr1, 1.0.0-rc2",
    })
    void ordersLikeMaven(String lower, String higher) {
        assertThat(PluginVersion.parse(lower)).isLessThan(PluginVersion.parse(higher));
        assertThat(PluginVersion.parse(higher)).isGreaterThan(PluginVersion.parse(lower));
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
            "1.0, 1.0.0",
            "1, 1.0.0",
            "1.0.0-final, 1.0.0",
            "1.0.0-GA, 1.0.0",
            "1.0.0-RC1, 1.0.0-rc1",
            "1.0.0-cr1, 1.0.0-rc1",
    })
    void treatsTrailingZerosAndReleaseQualifiersAsEqual(String a, String b) {
        assertThat(PluginVersion.parse(a)).isEqualByComparingTo(PluginVersion.parse(b));
        assertThat(PluginVersion.parse(a)).isEqualTo(PluginVersion.parse(b));
        assertThat(PluginVersion.parse(a).hashCode()).isEqualTo(PluginVersion.parse(b).hashCode());
    }

    @Test
    void sortsAMixedList() {
        List<PluginVersion> versions = new ArrayList<>();
        for (String v : List.of("1.10.0", "1.0.0", "1.0.0-SNAPSHOT", "1.9.0", "2.0.0-rc1", "1.0.1")) {
            versions.add(PluginVersion.parse(v));
        }
        Collections.sort(versions);
        assertThat(versions).extracting(PluginVersion::toString)
                .containsExactly("1.0.0-SNAPSHOT", "1.0.0", "1.0.1", "1.9.0", "1.10.0", "2.0.0-rc1");
    }

    @Test
    void keepsTheTextAsWritten() {
        assertThat(PluginVersion.parse("1.0.0-SNAPSHOT")).hasToString("1.0.0-SNAPSHOT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "v1.0", "latest", "1.0 beta", "1.0/2", "１.0"})
    void refusesWhatIsNotAVersion(String text) {
        assertThatThrownBy(() -> PluginVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a version");
    }
}
