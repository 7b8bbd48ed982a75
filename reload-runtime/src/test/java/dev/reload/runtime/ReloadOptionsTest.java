package dev.reload.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The options as the agent's command line writes them: what each value means, what a wrong one says, and what
 * management shows of them.
 */
class ReloadOptionsTest {

    @Test
    void noArgumentsMeanTheDefaults() {
        for (String arguments : new String[] {null, "", "  ", ",,"}) {
            ReloadOptions options = ReloadOptions.parse(arguments);
            assertThat(options.asMap()).as(String.valueOf(arguments))
                    .isEqualTo(ReloadOptions.defaults().asMap());
        }
    }

    @Test
    void theDefaultsAreThoseTheReadmeGives() {
        ReloadOptions defaults = ReloadOptions.defaults();

        assertThat(defaults.plugins()).isEqualTo(Path.of("plugins"));
        assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.settleTime()).isEqualTo(Duration.ofMillis(50));
        assertThat(defaults.incompleteJarGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.instantiateTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxJarEntries()).isEqualTo(65_536);
        assertThat(defaults.maxJarSize()).isEqualTo(512L * 1024 * 1024);
        assertThat(defaults.verifyLinkage()).isTrue();
        assertThat(defaults.strictPermissions()).isTrue();
        assertThat(defaults.trustStore()).isNull();
        assertThat(defaults.leakCheckAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.leakCheckGc()).isFalse();
        assertThat(defaults.watch()).isTrue();
        assertThat(defaults.poll()).isNull();
        assertThat(defaults.sighup()).isTrue();
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.hostClassLoader()).isNull();
    }

    @Test
    void everyOptionIsReadFromItsKeyValuePair() {
        ReloadOptions options = ReloadOptions.parse("plugins=/srv/acme/plugins,drainTimeout=2m,settleTime=0ms,"
                + "instantiateTimeout=1h,maxJarEntries=100,maxJarSize=64KB,verifyLinkage=false,"
                + "strictPermissions=FALSE,trustStore=/etc/reload/trust.p12,trustStorePassword=secret,"
                + "leakCheckAfter=5s,leakCheckGc=true,watch=false,poll=30s,sighup=False,shutdownTimeout=500ms");

        assertThat(options.plugins()).isEqualTo(Path.of("/srv/acme/plugins"));
        assertThat(options.drainTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.settleTime()).isEqualTo(Duration.ZERO);
        assertThat(options.instantiateTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(options.maxJarEntries()).isEqualTo(100);
        assertThat(options.maxJarSize()).isEqualTo(64 * 1024);
        assertThat(options.verifyLinkage()).isFalse();
        assertThat(options.strictPermissions()).isFalse();
        assertThat(options.trustStore()).isEqualTo(Path.of("/etc/reload/trust.p12"));
        assertThat(options.trustStorePassword()).containsExactly('s', 'e', 'c', 'r', 'e', 't');
        assertThat(options.leakCheckAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.leakCheckGc()).isTrue();
        assertThat(options.watch()).isFalse();
        assertThat(options.poll()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.sighup()).isFalse();
        assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1048576 | 1048576",
            "7b      | 7",
            "64KB    | 65536",
            "512mb   | 536870912",
            "2GB     | 2147483648",
    })
    void sizesAreWholeNumbersWithAnOptionalPowerOf1024(String written, long bytes) {
        assertThat(ReloadOptions.parse("maxJarSize=" + written).maxJarSize()).isEqualTo(bytes);
    }

    @Test
    void spacesAroundKeysAndValuesAndEmptyPairsAreIgnoredAndAValueMayHoldAnEqualsSign() {
        ReloadOptions options = ReloadOptions.parse(" drainTimeout = 5s ,, trustStorePassword=a=b,");

        assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.trustStorePassword()).containsExactly('a', '=', 'b');
    }

    @Test
    void theBakeOptionsReadAsWrittenAndWriteBackTheSame() {
        ReloadOptions options = ReloadOptions.parse("bake=10m,bakeFailureRate=0.5%,bakeMinFailures=5");

        assertThat(options.bake()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.bakeFailureRate()).isEqualTo(0.5);
        assertThat(options.bakeMinFailures()).isEqualTo(5);
        assertThat(options.toString()).contains("bake=600000ms,bakeFailureRate=0.5%,bakeMinFailures=5");
        assertThat(ReloadOptions.defaults().bake()).isNull();
        assertThat(ReloadOptions.defaults().bakeFailureRate()).isEqualTo(5);
        assertThat(ReloadOptions.defaults().bakeMinFailures()).isEqualTo(20);
    }

    @Test
    void theLaterOfTwoPairsForOneOptionWins() {
        assertThat(ReloadOptions.parse("poll=1s,poll=2s").poll()).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "bogus=1                 | \"unknown option 'bogus': the options are plugins, drainTimeout, settleTime, "
                    + "incompleteJarGrace, instantiateTimeout, maxJarEntries, maxJarSize, verifyLinkage, "
                    + "strictPermissions, trustStore, trustStorePassword, leakCheckAfter, leakCheckGc, watch, poll, "
                    + "sighup, shutdownTimeout, bake, bakeFailureRate, bakeMinFailures, devMode, devQuietPeriod, "
                    + "fleet\"",
            "plugins                 | option 'plugins' has no value: write plugins=<value>",
            "plugins=                | option 'plugins' is empty: give the plugins directory",
            "trustStore=             | option 'trustStore' is empty: give a PKCS12 file",
            "drainTimeout=30         | option 'drainTimeout' has a bad value '30': write a duration such as 500ms, "
                    + "30s or 2m",
            "settleTime=soon         | option 'settleTime' has a bad value 'soon': write a duration such as 500ms, "
                    + "30s or 2m",
            "poll=-1s                | option 'poll' has a bad value '-1s': write a duration such as 500ms, 30s "
                    + "or 2m",
            "drainTimeout=0s         | option 'drainTimeout' must be greater than zero",
            "instantiateTimeout=0ms  | option 'instantiateTimeout' must be greater than zero",
            "shutdownTimeout=0m      | option 'shutdownTimeout' must be greater than zero",
            "leakCheckAfter=0h       | option 'leakCheckAfter' must be greater than zero",
            "poll=0s                 | option 'poll' must be greater than zero",
            "maxJarSize=lots         | option 'maxJarSize' has a bad value 'lots': write a whole number, optionally "
                    + "with KB, MB or GB",
            "maxJarSize=0            | option 'maxJarSize' must be at least 1 byte",
            "maxJarSize=9999999999GB | option 'maxJarSize' is too large: 9999999999GB",
            "maxJarEntries=0         | option 'maxJarEntries' must be at least 1",
            "maxJarEntries=2GB       | option 'maxJarEntries' is too large: 2GB",
            "watch=yes               | option 'watch' has a bad value 'yes': write true or false",
            "leakCheckGc=1           | option 'leakCheckGc' has a bad value '1': write true or false",
            "bake=0s                 | option 'bake' must be greater than zero",
            "bakeFailureRate=5       | option 'bakeFailureRate' has a bad value '5': write a percentage such as 5% "
                    + "or 0.5%",
            "bakeFailureRate=100%    | option 'bakeFailureRate' must be at least 0% and under 100%",
            "bakeMinFailures=0       | option 'bakeMinFailures' must be at least 1",
    })
    void aBadOptionIsRefusedWithAMessageNamingItAndSayingWhatToWrite(String arguments, String message) {
        assertThatThrownBy(() -> ReloadOptions.parse(arguments))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theBuildersCheckTheirValuesWithTheSameMessages() {
        ReloadOptions defaults = ReloadOptions.defaults();

        assertThatThrownBy(() -> defaults.withSettleTime(Duration.ofMillis(-1)))
                .hasMessage("option 'settleTime' must not be negative");
        assertThatThrownBy(() -> defaults.withIncompleteJarGrace(Duration.ofMillis(-1)))
                .hasMessage("option 'incompleteJarGrace' must not be negative");
        assertThatThrownBy(() -> defaults.withDrainTimeout(Duration.ZERO))
                .hasMessage("option 'drainTimeout' must be greater than zero");
        assertThatThrownBy(() -> defaults.withMaxJarEntries(0)).hasMessage("option 'maxJarEntries' must be at least 1");
        assertThatThrownBy(() -> defaults.with("nope", "1")).hasMessageStartingWith("unknown option 'nope'");
        assertThat(defaults.with("settleTime", "2s").settleTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCopyLeavesTheOriginalAsItWas() {
        ReloadOptions defaults = ReloadOptions.defaults();
        ReloadOptions changed = defaults.withVerifyLinkage(false).withWatch(false).withPoll(Duration.ofSeconds(3));

        assertThat(defaults.verifyLinkage()).isTrue();
        assertThat(defaults.watch()).isTrue();
        assertThat(defaults.poll()).isNull();
        assertThat(changed.verifyLinkage()).isFalse();
        assertThat(changed.watch()).isFalse();
        assertThat(changed.poll()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void managementSeesEveryOptionAsItWouldBeWrittenButNeverThePassword() {
        ReloadOptions options = ReloadOptions.parse("trustStore=/etc/trust.p12,trustStorePassword=secret,poll=2m");

        assertThat(options.asMap()).containsOnly(
                entry("plugins", "plugins"),
                entry("drainTimeout", "30000ms"),
                entry("settleTime", "50ms"),
                entry("incompleteJarGrace", "2000ms"),
                entry("instantiateTimeout", "10000ms"),
                entry("maxJarEntries", "65536"),
                entry("maxJarSize", "536870912"),
                entry("verifyLinkage", "true"),
                entry("strictPermissions", "true"),
                entry("trustStore", "/etc/trust.p12"),
                entry("leakCheckAfter", "60000ms"),
                entry("leakCheckGc", "false"),
                entry("watch", "true"),
                entry("poll", "120000ms"),
                entry("sighup", "true"),
                entry("shutdownTimeout", "30000ms"),
                entry("bake", ""),
                entry("bakeFailureRate", "5%"),
                entry("bakeMinFailures", "20"),
                entry("devMode", "false"),
                entry("devQuietPeriod", "100ms"),
                entry("fleet", ""));
        assertThat(options.toString()).doesNotContain("secret").doesNotContain("trustStorePassword");
    }

    @Test
    void theTextFormLeavesOutUnsetOptionsAndReadsBackAsTheSameOptions() {
        ReloadOptions options = ReloadOptions.parse("plugins=/srv/p,drainTimeout=2m,maxJarSize=1KB,watch=false");

        assertThat(options.toString()).contains("plugins=/srv/p", "drainTimeout=120000ms", "maxJarSize=1024",
                "watch=false").doesNotContain("poll", "trustStore");
        assertThat(ReloadOptions.parse(options.toString()).asMap()).isEqualTo(options.asMap());
    }
}
