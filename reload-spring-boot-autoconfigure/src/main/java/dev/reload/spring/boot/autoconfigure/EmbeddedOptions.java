package dev.reload.spring.boot.autoconfigure;

import dev.reload.runtime.ReloadOptions;

/** The options of the runtime an application starts itself, from its {@code reload.*} properties. */
final class EmbeddedOptions {

    private EmbeddedOptions() {
    }

    /**
     * @param host where plugins take the service interfaces from: the application's class loader, or {@code null}
     *             for the starting thread's context class loader
     * @throws IllegalArgumentException naming the agent option whose property has a value no runtime accepts
     */
    static ReloadOptions from(ReloadProperties properties, ClassLoader host) {
        ReloadOptions options = ReloadOptions.defaults()
                .withPlugins(properties.getPlugins())
                .withDrainTimeout(properties.getDrainTimeout())
                .withSettleTime(properties.getSettleTime())
                .withIncompleteJarGrace(properties.getIncompleteJarGrace())
                .withInstantiateTimeout(properties.getInstantiateTimeout())
                .withMaxJarEntries(properties.getMaxJarEntries())
                .withMaxJarSize(properties.getMaxJarSize().toBytes())
                .withVerifyLinkage(properties.isVerifyLinkage())
                .withStrictPermissions(properties.isStrictPermissions())
                .withLeakCheckAfter(properties.getLeakCheckAfter())
                .withLeakCheckGc(properties.isLeakCheckGc())
                .withWatch(properties.isWatch())
                .withSighup(properties.isSighup())
                .withShutdownTimeout(properties.getShutdownTimeout())
                .with("bakeFailureRate", properties.getBakeFailureRate())
                .withBakeMinFailures(properties.getBakeMinFailures())
                .withDevMode(properties.isDevMode())
                .withDevQuietPeriod(properties.getDevQuietPeriod());
        if (host != null) {
            options = options.withHostClassLoader(host);
        }
        if (properties.getTrustStore() != null) {
            options = options.withTrustStore(properties.getTrustStore());
        }
        if (properties.getTrustStorePassword() != null) {
            options = options.withTrustStorePassword(properties.getTrustStorePassword());
        }
        if (properties.getPoll() != null) {
            options = options.withPoll(properties.getPoll());
        }
        if (properties.getBake() != null) {
            options = options.withBake(properties.getBake());
        }
        if (properties.getFleet() != null) {
            options = options.withFleet(properties.getFleet());
        }
        return options;
    }
}
