package dev.reload.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The values behind one {@link ReloadOptions}, starting from the defaults the README's options table gives. Each
 * {@code with} method returns a changed copy and no instance is changed once made, so that the options stay
 * immutable while {@code ReloadOptions} stays the public face of builders and getters. Checking a value is the
 * public builder's job, not this class's.
 */
final class OptionValues {

    Path plugins = Path.of("plugins");
    Duration drainTimeout = Duration.ofSeconds(30);
    Duration settleTime = Duration.ofMillis(50);
    Duration incompleteJarGrace = Duration.ofSeconds(2);
    Duration instantiateTimeout = Duration.ofSeconds(10);
    int maxJarEntries = 65_536;
    long maxJarSize = 512L * 1024 * 1024;
    boolean verifyLinkage = true;
    boolean strictPermissions = true;
    Path trustStore;
    String trustStorePassword;
    Duration leakCheckAfter = Duration.ofSeconds(60);
    boolean leakCheckGc;
    boolean watch = true;
    Duration poll;
    boolean sighup = true;
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration bake;
    double bakeFailureRate = 5;
    int bakeMinFailures = 20;
    boolean devMode;
    Duration devQuietPeriod = Duration.ofMillis(100);
    ClassLoader hostClassLoader;
    Path fleet;

    OptionValues withPlugins(Path value) {
        OptionValues copy = copy();
        copy.plugins = value;
        return copy;
    }

    OptionValues withDrainTimeout(Duration value) {
        OptionValues copy = copy();
        copy.drainTimeout = value;
        return copy;
    }

    OptionValues withSettleTime(Duration value) {
        OptionValues copy = copy();
        copy.settleTime = value;
        return copy;
    }

    OptionValues withIncompleteJarGrace(Duration value) {
        OptionValues copy = copy();
        copy.incompleteJarGrace = value;
        return copy;
    }

    OptionValues withInstantiateTimeout(Duration value) {
        OptionValues copy = copy();
        copy.instantiateTimeout = value;
        return copy;
    }

    OptionValues withMaxJarEntries(int value) {
        OptionValues copy = copy();
        copy.maxJarEntries = value;
        return copy;
    }

    OptionValues withMaxJarSize(long value) {
        OptionValues copy = copy();
        copy.maxJarSize = value;
        return copy;
    }

    OptionValues withVerifyLinkage(boolean value) {
        OptionValues copy = copy();
        copy.verifyLinkage = value;
        return copy;
    }

    OptionValues withStrictPermissions(boolean value) {
        OptionValues copy = copy();
        copy.strictPermissions = value;
        return copy;
    }

    OptionValues withTrustStore(Path value) {
        OptionValues copy = copy();
        copy.trustStore = value;
        return copy;
    }

    OptionValues withTrustStorePassword(String value) {
        OptionValues copy = copy();
        copy.trustStorePassword = value;
        return copy;
    }

    OptionValues withLeakCheckAfter(Duration value) {
        OptionValues copy = copy();
        copy.leakCheckAfter = value;
        return copy;
    }

    OptionValues withLeakCheckGc(boolean value) {
        OptionValues copy = copy();
        copy.leakCheckGc = value;
        return copy;
    }

    OptionValues withWatch(boolean value) {
        OptionValues copy = copy();
        copy.watch = value;
        return copy;
    }

    OptionValues withPoll(Duration value) {
        OptionValues copy = copy();
        copy.poll = value;
        return copy;
    }

    OptionValues withSighup(boolean value) {
        OptionValues copy = copy();
        copy.sighup = value;
        return copy;
    }

    OptionValues withShutdownTimeout(Duration value) {
        OptionValues copy = copy();
        copy.shutdownTimeout = value;
        return copy;
    }

    OptionValues withBake(Duration value) {
        OptionValues copy = copy();
        copy.bake = value;
        return copy;
    }

    OptionValues withBakeFailureRate(double value) {
        OptionValues copy = copy();
        copy.bakeFailureRate = value;
        return copy;
    }

    OptionValues withBakeMinFailures(int value) {
        OptionValues copy = copy();
        copy.bakeMinFailures = value;
        return copy;
    }

    OptionValues withDevMode(boolean value) {
        OptionValues copy = copy();
        copy.devMode = value;
        return copy;
    }

    OptionValues withDevQuietPeriod(Duration value) {
        OptionValues copy = copy();
        copy.devQuietPeriod = value;
        return copy;
    }

    OptionValues withHostClassLoader(ClassLoader value) {
        OptionValues copy = copy();
        copy.hostClassLoader = value;
        return copy;
    }

    OptionValues withFleet(Path value) {
        OptionValues copy = copy();
        copy.fleet = value;
        return copy;
    }

    private OptionValues copy() {
        OptionValues copy = new OptionValues();
        copy.plugins = plugins;
        copy.drainTimeout = drainTimeout;
        copy.settleTime = settleTime;
        copy.incompleteJarGrace = incompleteJarGrace;
        copy.instantiateTimeout = instantiateTimeout;
        copy.maxJarEntries = maxJarEntries;
        copy.maxJarSize = maxJarSize;
        copy.verifyLinkage = verifyLinkage;
        copy.strictPermissions = strictPermissions;
        copy.trustStore = trustStore;
        copy.trustStorePassword = trustStorePassword;
        copy.leakCheckAfter = leakCheckAfter;
        copy.leakCheckGc = leakCheckGc;
        copy.watch = watch;
        copy.poll = poll;
        copy.sighup = sighup;
        copy.shutdownTimeout = shutdownTimeout;
        copy.bake = bake;
        copy.bakeFailureRate = bakeFailureRate;
        copy.bakeMinFailures = bakeMinFailures;
        copy.devMode = devMode;
        copy.devQuietPeriod = devQuietPeriod;
        copy.hostClassLoader = hostClassLoader;
        copy.fleet = fleet;
        return copy;
    }
}
