package dev.reload.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code reload.*} properties: whether reload is on, and the options of the runtime the application starts when
 * no agent runs one. They are the agent's options in Spring's relaxed form ({@code drainTimeout} is
 * {@code reload.drain-timeout}), with the same defaults. Under the agent, the agent's options are in force and only
 * {@code reload.enabled} applies.
 */
@ConfigurationProperties("reload")
public class ReloadProperties {

    /**
     * Whether to use reload: start a runtime unless the agent runs one, and register the reload endpoint, health
     * indicator and meters.
     */
    private boolean enabled = true;

    /**
     * The directory of plugin jars, relative to the working directory; created if missing.
     */
    private Path plugins = Path.of("plugins");

    /**
     * How long a retired version waits for its running calls before a warning names the threads still inside; it is
     * closed only after they return, however long that takes.
     */
    private Duration drainTimeout = Duration.ofSeconds(30);

    /**
     * How long a new or changed jar must stay unchanged before it is loaded; 0ms loads at once.
     */
    private Duration settleTime = Duration.ofMillis(50);

    /**
     * How long a jar that is not yet a valid zip (a copy that stalled) may stay unchanged before it is refused as not
     * a valid jar.
     */
    private Duration incompleteJarGrace = Duration.ofSeconds(2);

    /**
     * The limit on loading and instantiating one version; a version whose static initializer or constructor takes
     * longer is refused, with the stuck thread's stack.
     */
    private Duration instantiateTimeout = Duration.ofSeconds(10);

    /**
     * The most entries a plugin jar may have.
     */
    private int maxJarEntries = 65_536;

    /**
     * The most a plugin jar's entries may expand to, all together (zip bombs are refused before anything is read).
     */
    private DataSize maxJarSize = DataSize.ofMegabytes(512);

    /**
     * Whether to check a new version's bytecode against the application, the API and the JDK before it goes live.
     */
    private boolean verifyLinkage = true;

    /**
     * Whether to refuse a plugins directory or jar that users other than the JVM's own (or root) can write to.
     */
    private boolean strictPermissions = true;

    /**
     * A PKCS12 file; when set, only jars whose every entry is signed by one of its certificates load.
     */
    private Path trustStore;

    /**
     * The trust store's password; when not given, the environment variable RELOAD_TRUSTSTORE_PASSWORD.
     */
    private String trustStorePassword;

    /**
     * How long a retired version's class loader may stay reachable before it counts as leaked and what holds it is
     * reported.
     */
    private Duration leakCheckAfter = Duration.ofSeconds(60);

    /**
     * Whether the leak check may call System.gc() before it decides.
     */
    private boolean leakCheckGc = false;

    /**
     * Whether to rescan on file events in the plugins directory.
     */
    private boolean watch = true;

    /**
     * How often to rescan as well, for file systems whose events never arrive; none by default.
     */
    private Duration poll;

    /**
     * Whether to rescan on SIGHUP.
     */
    private boolean sighup = true;

    /**
     * How long JVM shutdown waits for calls in flight before it closes the versions.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /**
     * How long a new version's calls are watched after it replaced a lower one, to swap back when too many fail; off
     * by default.
     */
    private Duration bake;

    /**
     * The share of a baking version's calls that may end in an unchecked exception, such as 5% or 0.5%.
     */
    private String bakeFailureRate = "5%";

    /**
     * The fewest failed calls that roll a baking version back, whatever their share.
     */
    private int bakeMinFailures = 20;

    /**
     * Whether a directory of class files in the plugins directory, or a symbolic link to one, loads as an exploded
     * plugin, swapped on every change; for development only.
     */
    private boolean devMode;

    /**
     * In dev mode, how long an exploded plugin's files must stay unchanged before a new generation loads.
     */
    private Duration devQuietPeriod = Duration.ofMillis(100);

    /**
     * A fleet file: follow plugin versions in a Maven repository; needs Maven Resolver
     * (org.apache.maven.resolver:maven-resolver-supplier-mvn3) on the class path. None by default.
     */
    private Path fleet;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getPlugins() {
        return plugins;
    }

    public void setPlugins(Path plugins) {
        this.plugins = plugins;
    }

    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public Duration getSettleTime() {
        return settleTime;
    }

    public void setSettleTime(Duration settleTime) {
        this.settleTime = settleTime;
    }

    public Duration getIncompleteJarGrace() {
        return incompleteJarGrace;
    }

    public void setIncompleteJarGrace(Duration incompleteJarGrace) {
        this.incompleteJarGrace = incompleteJarGrace;
    }

    public Duration getInstantiateTimeout() {
        return instantiateTimeout;
    }

    public void setInstantiateTimeout(Duration instantiateTimeout) {
        this.instantiateTimeout = instantiateTimeout;
    }

    public int getMaxJarEntries() {
        return maxJarEntries;
    }

    public void setMaxJarEntries(int maxJarEntries) {
        this.maxJarEntries = maxJarEntries;
    }

    public DataSize getMaxJarSize() {
        return maxJarSize;
    }

    public void setMaxJarSize(DataSize maxJarSize) {
        this.maxJarSize = maxJarSize;
    }

    public boolean isVerifyLinkage() {
        return verifyLinkage;
    }

    public void setVerifyLinkage(boolean verifyLinkage) {
        this.verifyLinkage = verifyLinkage;
    }

    public boolean isStrictPermissions() {
        return strictPermissions;
    }

    public void setStrictPermissions(boolean strictPermissions) {
        this.strictPermissions = strictPermissions;
    }

    public Path getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(Path trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public Duration getLeakCheckAfter() {
        return leakCheckAfter;
    }

    public void setLeakCheckAfter(Duration leakCheckAfter) {
        this.leakCheckAfter = leakCheckAfter;
    }

    public boolean isLeakCheckGc() {
        return leakCheckGc;
    }

    public void setLeakCheckGc(boolean leakCheckGc) {
        this.leakCheckGc = leakCheckGc;
    }

    public boolean isWatch() {
        return watch;
    }

    public void setWatch(boolean watch) {
        this.watch = watch;
    }

    public Duration getPoll() {
        return poll;
    }

    public void setPoll(Duration poll) {
        this.poll = poll;
    }

    public boolean isSighup() {
        return sighup;
    }

    public void setSighup(boolean sighup) {
        this.sighup = sighup;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getBake() {
        return bake;
    }

    public void setBake(Duration bake) {
        this.bake = bake;
    }

    public String getBakeFailureRate() {
        return bakeFailureRate;
    }

    public void setBakeFailureRate(String bakeFailureRate) {
        this.bakeFailureRate = bakeFailureRate;
    }

    public int getBakeMinFailures() {
        return bakeMinFailures;
    }

    public void setBakeMinFailures(int bakeMinFailures) {
        this.bakeMinFailures = bakeMinFailures;
    }

    public boolean isDevMode() {
        return devMode;
    }

    public void setDevMode(boolean devMode) {
        this.devMode = devMode;
    }

    public Duration getDevQuietPeriod() {
        return devQuietPeriod;
    }

    public void setDevQuietPeriod(Duration devQuietPeriod) {
        this.devQuietPeriod = devQuietPeriod;

    }

    public Path getFleet() {
        return fleet;
    }

    public void setFleet(Path fleet) {
        this.fleet = fleet;
    }
}
