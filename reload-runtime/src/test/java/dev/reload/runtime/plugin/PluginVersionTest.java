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

    /**
     * The orderings Maven's own ComparableVersion tests list, each ascending, as of Maven 3.9: since 3.8.8 (MNG-7644)
     * a qualifier after a dot reads as one after a dash, so {@code 2.0.a} equals {@code 2.0.0.a} and sorts below
     * {@code 2-1}; Maven's older list had {@code 2-1 < 2.0.a < 2.0.0.a}.
     */
    private static final List<List<String>> MAVEN_ORDERINGS = List.of(
            List.of("1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc",
                    "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1",
                    "1-1-snapshot", "1-1", "1-2", "1-123"),
            List.of("2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
                    "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a",
                    "11b", "11c", "11m"));

    @Test
    void agreesWithMavensOwnOrderings() {
        for (List<String> ascending : MAVEN_ORDERINGS) {
            for (int i = 0; i < ascending.size(); i++) {
                for (int j = i + 1; j < ascending.size(); j++) {
                    assertThat(PluginVersion.parse(ascending.get(i)))
                            .as("%s < %s", ascending.get(i), ascending.get(j))
                            .isLessThan(PluginVersion.parse(ascending.get(j)));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
            "1, 1.0.0",
            "1-ga, 1.0",
            "1-final, 1-release",
            "1x, 1.0.0-x",
            "1cr, 1rc",
            "1a1, 1-alpha-1",
            "1b2, 1-beta-2",
            "1m3, 1.0-milestone-3",
            "2.0.a, 2.0.0.a",
    })
    void equalsLikeMaven(String a, String b) {
        assertThat(PluginVersion.parse(a)).isEqualByComparingTo(PluginVersion.parse(b)).isEqualTo(PluginVersion.parse(b));
        assertThat(PluginVersion.parse(a).hashCode()).isEqualTo(PluginVersion.parse(b).hashCode());
    }

    @Test
    void aDevelopmentVersionFollowsTheManifestVersionOrStandsAlone() {
        PluginVersion after = PluginVersion.development(PluginVersion.parse("1.4.0"), 7);
        PluginVersion alone = PluginVersion.development(null, 7);

        assertThat(after).hasToString("1.4.0-dev.7");
        assertThat(alone).hasToString("dev.7");
        assertThat(after.isDevelopment()).isTrue();
        assertThat(alone.isDevelopment()).isTrue();
        assertThat(PluginVersion.parse("1.4.0-dev.7").isDevelopment()).as("a jar's version that reads the same")
                .isFalse();
    }
}
