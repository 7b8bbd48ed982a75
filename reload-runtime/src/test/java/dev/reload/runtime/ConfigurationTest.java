package dev.reload.runtime;

import dev.reload.api.ReloadEvent;
import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Configured;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import dev.reload.testkit.Probe;
import dev.reload.testkit.RuntimeFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Live configuration, end to end: {@code <plugin id>.properties} beside real jars, read through the
 * {@code PluginContext} constructor, and changed while the plugin serves.
 */
class ConfigurationTest {

    private static final Duration WAIT = RuntimeFixture.WAIT;

    @RegisterExtension
    final RuntimeFixture fixture = new RuntimeFixture();

    private final Path plugins = fixture.plugins();
    private final Path configFile = plugins.resolve("configured.properties");
    private final List<ReloadEvent> events = fixture.events();

    @BeforeEach
    void forgetWhatEarlierTestsRecorded() {
        Probe.arm();
        Probe.release();
    }

    private Configured start() {
        return start(fixture.options());
    }

    private Configured start(ReloadOptions options) {
        fixture.start(options);
        return ServiceRegistry.get(Configured.class);
    }

    /** Replaces the configuration file at once, as an editor that saves through a rename does. */
    private Path writeConfig(Path file, String... lines) throws IOException {
        Path staging = Files.createTempFile(fixture.root(), ".config-", ".tmp");
        Files.writeString(staging, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private Path writeConfig(String... lines) throws IOException {
        return writeConfig(configFile, lines);
    }

    private static void awaitGreeting(Configured configured, String expected) {
        await().atMost(WAIT).ignoreExceptions().until(() -> configured.greeting().equals(expected));
    }

    /**
     * A {@code configured-<version>.jar} whose implementation reads {@code greeting} and the int {@code limit} from
     * its configuration. Every instance takes a number from a static counter of its class, which starts again only
     * if the class is loaded again; closing an instance records {@code "closed <version> <greeting> #<number>"}.
     *
     * @param contextExtra statements the context constructor runs after reading the configuration, or {@code null}
     *                     for no context constructor
     * @param noArg        whether the class has a no-argument constructor as well
     */
    private static PluginJar configured(String version, String contextExtra, boolean noArg) {
        StringBuilder source = new StringBuilder()
                .append("package plugin;\n")
                .append("import dev.reload.api.PluginContext;\n")
                .append("import dev.reload.testkit.Probe;\n")
                .append("import java.io.IOException;\n")
                .append("import java.io.UncheckedIOException;\n")
                .append("import java.nio.file.Files;\n")
                .append("import java.nio.file.Path;\n")
                .append("import java.util.Map;\n")
                .append("import java.util.concurrent.atomic.AtomicInteger;\n")
                .append("public class ConfiguredImpl implements dev.reload.testkit.Configured, AutoCloseable {\n")
                .append("  private static final AtomicInteger MADE = new AtomicInteger();\n")
                .append("  private final int number = MADE.incrementAndGet();\n")
                .append("  private final String constructor;\n")
                .append("  private final PluginContext context;\n")
                .append("  private final String greeting;\n")
                .append("  private final int limit;\n");
        if (noArg) {
            source.append("  public ConfiguredImpl() {\n")
                    .append("    constructor = \"no-arg\"; context = null; greeting = \"none\"; limit = -1;\n")
                    .append("  }\n");
        }
        if (contextExtra != null) {
            source.append("  public ConfiguredImpl(PluginContext context) {\n")
                    .append("    constructor = \"context\";\n")
                    .append("    this.context = context;\n")
                    .append("    greeting = context.config(\"greeting\", \"hello\");\n")
                    .append("    limit = context.intConfig(\"limit\", 10);\n")
                    .append("    ").append(contextExtra).append("\n")
                    .append("  }\n");
        }
        source.append("  public String greeting() { return \"").append(version).append(":\" + greeting; }\n")
                .append("  public String slowGreeting() {\n")
                .append("    Probe.hold(); Probe.record(\"returned \" + greeting + \" #\" + number);\n")
                .append("    return greeting();\n")
                .append("  }\n")
                .append("  public int limit() { return limit; }\n")
                .append("  public String constructor() { return constructor; }\n")
                .append("  public String origin() {\n")
                .append("    return context == null ? \"none\" : context.pluginId() + \" \" + context.version();\n")
                .append("  }\n")
                .append("  public Map<String, String> config() { return context == null ? null : context.config(); }\n")
                .append("  public Path dataDirectory() { return context.dataDirectory(); }\n")
                .append("  public void writeData(String file, String content) {\n")
                .append("    try { Files.writeString(context.dataDirectory().resolve(file), content); }\n")
                .append("    catch (IOException e) { throw new UncheckedIOException(e); }\n")
                .append("  }\n")
                .append("  public String readData(String file) {\n")
                .append("    try { return Files.readString(context.dataDirectory().resolve(file)); }\n")
                .append("    catch (IOException e) { throw new UncheckedIOException(e); }\n")
                .append("  }\n")
                .append("  public int instanceNumber() { return number; }\n")
                .append("  public int loaderIdentity() {\n")
                .append("    return System.identityHashCode(ConfiguredImpl.class.getClassLoader());\n")
                .append("  }\n")
                .append("  public void close() {\n")
                .append("    Probe.record(\"closed ").append(version).append(" \" + greeting + \" #\" + number);\n")
                .append("  }\n")
                .append("}\n");
        return PluginJar.named("configured-" + version + ".jar")
                .classpath(Configured.class)
                .source("plugin.ConfiguredImpl", source.toString())
                .service(Configured.class, "plugin.ConfiguredImpl");
    }

    private static PluginJar configured(String version) {
        return configured(version, "", false);
    }

    private void assertNoRejection() {
        assertThat(events).noneMatch(e -> e instanceof ReloadEvent.Rejected);
    }

    @Test
    void theContextConstructorIsPreferredAndToldTheIdVersionAndConfiguration() throws Exception {
        writeConfig("greeting = bonjour", "limit=3", "note=  padded  ");
        configured("1.0.0", "", true).writeTo(plugins);
        Configured configured = start();

        assertThat(configured.constructor()).isEqualTo("context");
        assertThat(configured.origin()).isEqualTo("configured 1.0.0");
        assertThat(configured.greeting()).isEqualTo("1.0.0:bonjour");
        assertThat(configured.limit()).isEqualTo(3);
        Map<String, String> config = configured.config();
        assertThat(config).containsOnlyKeys("greeting", "limit", "note")
                .containsEntry("greeting", "bonjour").containsEntry("limit", "3");
        assertThatThrownBy(() -> config.put("greeting", "changed")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.remove("limit")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(config::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThat(configured.config()).containsEntry("greeting", "bonjour").hasSize(3);
        assertNoRejection();
    }

    @Test
    void withoutAConfigurationFileTheContextGivesAnEmptyConfiguration() {
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();

        assertThat(configured.constructor()).isEqualTo("context");
        assertThat(configured.config()).isEmpty();
        assertThat(configured.greeting()).isEqualTo("1.0.0:hello");
        assertThat(configured.limit()).isEqualTo(10);
    }

    @Test
    void theDataDirectoryIsPrivateCreatedOnFirstUseAndKeptAcrossVersions() throws Exception {
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();
        Path expected = plugins.resolve(".data").resolve("configured");
        assertThat(expected).doesNotExist();

        Path data = configured.dataDirectory();
        assertThat(data).isDirectory();
        assertThat(data.isAbsolute()).isTrue();
        assertThat(Files.isSameFile(data, expected)).isTrue();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        }
        configured.writeData("note.txt", "written by 1.0.0");

        configured("1.1.0").moveInto(plugins);
        awaitGreeting(configured, "1.1.0:hello");
        assertThat(configured.dataDirectory()).isEqualTo(data);
        assertThat(configured.readData("note.txt")).isEqualTo("written by 1.0.0");
        // The plugin's own writes under the plugins directory are neither deployments nor bad files.
        configured.writeData("other.jar", "not a jar");
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> configured.greeting().equals("1.1.0:hello"));
        assertNoRejection();
    }

    @Test
    void aChangedConfigurationIsServedByNewInstancesOfTheSameClassesAndTheOldOnesAreClosed() throws Exception {
        writeConfig("greeting=one");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();
        assertThat(configured.greeting()).isEqualTo("1.0.0:one");
        int loader = configured.loaderIdentity();
        int first = configured.instanceNumber();

        writeConfig("greeting=two", "limit=20");
        awaitGreeting(configured, "1.0.0:two");
        assertThat(configured.limit()).isEqualTo(20);
        assertThat(configured.origin()).isEqualTo("configured 1.0.0");
        assertThat(configured.config()).containsOnly(Map.entry("greeting", "two"), Map.entry("limit", "20"));
        // The same loader, and a class whose static counter went on: the classes were not loaded again.
        assertThat(configured.loaderIdentity()).isEqualTo(loader);
        assertThat(configured.instanceNumber()).isEqualTo(first + 1);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed 1.0.0 one #" + first));
        assertThat(Probe.recorded()).containsOnlyOnce("closed 1.0.0 one #" + first)
                .noneMatch(r -> r.startsWith("closed 1.0.0 two"));
        assertThat(events).containsOnlyOnce(new ReloadEvent.Loaded("configured", "1.0.0"));

        writeConfig("greeting=three");
        awaitGreeting(configured, "1.0.0:three");
        assertThat(configured.loaderIdentity()).isEqualTo(loader);
        assertThat(configured.instanceNumber()).isEqualTo(first + 2);
        assertThat(configured.limit()).isEqualTo(10);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed 1.0.0 two #" + (first + 1)));
        assertNoRejection();
    }

    @Test
    void aBurstOfChangesEndsWithTheLastConfigurationAndEveryReplacedInstanceClosed() throws Exception {
        writeConfig("greeting=g0");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();
        int first = configured.instanceNumber();

        for (int i = 1; i <= 8; i++) {
            writeConfig("greeting=g" + i);
            Thread.sleep(60); // about the settle time apart, so that some changes apply and some are overtaken
        }
        awaitGreeting(configured, "1.0.0:g8");
        int last = configured.instanceNumber();
        assertThat(last).isGreaterThan(first);
        // Every instance made before the one serving was closed, once; the serving one was not.
        await().atMost(WAIT).until(() -> Probe.recorded().stream().filter(r -> r.startsWith("closed 1.0.0 ")).count()
                == last - first);
        for (int n = first; n < last; n++) {
            String number = " #" + n;
            assertThat(Probe.recorded()).filteredOn(r -> r.endsWith(number)).hasSize(1);
        }
        assertThat(Probe.recorded()).noneMatch(r -> r.endsWith(" #" + last));
        assertNoRejection();
    }

    @Test
    void aCallInFlightDuringAConfigurationChangeFinishesOnTheOldInstance() throws Exception {
        writeConfig("greeting=one");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();
        int first = configured.instanceNumber();
        Probe.arm();
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(configured::slowGreeting);
        assertThat(Probe.awaitHeld()).isTrue();

        writeConfig("greeting=two");
        awaitGreeting(configured, "1.0.0:two");
        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("closed"));
        assertThat(slow).isNotDone();

        Probe.release();
        assertThat(slow.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("1.0.0:one");
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed 1.0.0 one #" + first));
        assertThat(Probe.recorded()).containsSubsequence("returned one #" + first, "closed 1.0.0 one #" + first)
                .containsOnlyOnce("closed 1.0.0 one #" + first);
        assertThat(configured.greeting()).isEqualTo("1.0.0:two");
    }

    @Test
    void aConfigurationThatMakesTheConstructorThrowIsRefusedUntilItIsFixed() throws Exception {
        writeConfig("greeting=one", "limit=3");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();
        int first = configured.instanceNumber();

        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(original, err), true, StandardCharsets.UTF_8));
        try {
            writeConfig("greeting=two", "limit=lots");
            fixture.awaitRejected(configFile, "limit=lots is not an int");
            await().atMost(WAIT).until(() -> err.toString(StandardCharsets.UTF_8).lines()
                    .anyMatch(line -> line.contains(configFile.toString()) && line.contains("limit=lots")));
        } finally {
            System.setErr(original);
        }
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> configured.greeting().equals("1.0.0:one"));
        assertThat(configured.limit()).isEqualTo(3);
        assertThat(configured.instanceNumber()).isEqualTo(first);
        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("closed 1.0.0 one"));
        assertThat(events).filteredOn(e -> e instanceof ReloadEvent.Rejected).hasSize(1);

        writeConfig("greeting=two", "limit=4");
        awaitGreeting(configured, "1.0.0:two");
        assertThat(configured.limit()).isEqualTo(4);
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed 1.0.0 one #" + first));
    }

    @Test
    void aMalformedConfigurationFileIsRefusedUntilItIsFixed() throws Exception {
        writeConfig("greeting=one");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();

        writeConfig("greeting=\\uZZZZ");
        fixture.awaitRejected(configFile, "Malformed");
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> configured.greeting().equals("1.0.0:one"));
        assertThat(Probe.recorded()).noneMatch(r -> r.startsWith("closed"));

        writeConfig("greeting=fixed");
        awaitGreeting(configured, "1.0.0:fixed");
    }

    @Test
    void deletingTheConfigurationFileAppliesAnEmptyConfiguration() throws Exception {
        writeConfig("greeting=one", "limit=3");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();
        assertThat(configured.config()).isNotEmpty();

        Files.delete(configFile);
        awaitGreeting(configured, "1.0.0:hello");
        assertThat(configured.config()).isEmpty();
        assertThat(configured.limit()).isEqualTo(10);
        await().atMost(WAIT).until(() -> Probe.recorded().stream().anyMatch(r -> r.startsWith("closed 1.0.0 one")));

        writeConfig("greeting=back");
        awaitGreeting(configured, "1.0.0:back");
        assertNoRejection();
    }

    @Test
    void aNewVersionStartsWithTheConfigurationInPlace() throws Exception {
        writeConfig("greeting=one", "limit=3");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();

        configured("2.0.0").moveInto(plugins);
        awaitGreeting(configured, "2.0.0:one");
        assertThat(configured.origin()).isEqualTo("configured 2.0.0");
        assertThat(configured.limit()).isEqualTo(3);

        writeConfig("greeting=two");
        awaitGreeting(configured, "2.0.0:two");
        assertThat(configured.origin()).isEqualTo("configured 2.0.0");

        configured("3.0.0").moveInto(plugins);
        awaitGreeting(configured, "3.0.0:two");
        assertNoRejection();
    }

    @Test
    void anImplementationWithOnlyANoArgumentConstructorServesBesideAConfigurationFile() throws Exception {
        writeConfig("greeting=one");
        configured("1.0.0", null, true).writeTo(plugins);
        Configured configured = start();
        assertThat(configured.constructor()).isEqualTo("no-arg");
        assertThat(configured.greeting()).isEqualTo("1.0.0:none");

        writeConfig("greeting=two", "limit=not-a-number");
        configured("1.1.0", null, true).moveInto(plugins);
        awaitGreeting(configured, "1.1.0:none");
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> configured.greeting().equals("1.1.0:none"));
        assertThat(configured.constructor()).isEqualTo("no-arg");
        assertNoRejection();
    }

    @Test
    void aConfigurationFileIsAppliedOnlyOnceItHasSettled() throws Exception {
        writeConfig("greeting=one");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start(fixture.options().withSettleTime(Duration.ofSeconds(2)));

        // Rewritten in place, growing, for less than the settle time: never quiet long enough to be applied.
        String last = null;
        for (int i = 1; i <= 12; i++) {
            last = "step" + "x".repeat(i);
            Files.writeString(configFile, "greeting=" + last + "\n", StandardCharsets.UTF_8);
            Thread.sleep(100); // an editor saving again and again, paced on purpose
            assertThat(configured.greeting()).isEqualTo("1.0.0:one");
        }
        awaitGreeting(configured, "1.0.0:" + last);
        assertNoRejection();
    }

    @Test
    void whatTheClassesSetUpWhenTheyLoadedSurvivesAConfigurationChange() throws Exception {
        Path greeterConfig = writeConfig(plugins.resolve("greeter.properties"), "greeting=one");
        String driver = "package plugin;\n"
                + "import java.sql.*;\n"
                + "import java.util.Properties;\n"
                + "import java.util.logging.Logger;\n"
                + "public class TestDriver implements Driver {\n"
                + "  public Connection connect(String url, Properties info) { return null; }\n"
                + "  public boolean acceptsURL(String url) { return url.startsWith(\"jdbc:reload-test:\"); }\n"
                + "  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {\n"
                + "    return new DriverPropertyInfo[0];\n"
                + "  }\n"
                + "  public int getMajorVersion() { return 1; }\n"
                + "  public int getMinorVersion() { return 0; }\n"
                + "  public boolean jdbcCompliant() { return false; }\n"
                + "  public Logger getParentLogger() throws SQLFeatureNotSupportedException {\n"
                + "    throw new SQLFeatureNotSupportedException();\n"
                + "  }\n"
                + "}\n";
        String greeter = "package plugin;\n"
                + "import dev.reload.api.PluginContext;\n"
                + "import java.sql.*;\n"
                + "import java.util.Collections;\n"
                + "public class DriverGreeter implements dev.reload.testkit.Greeter, AutoCloseable {\n"
                + "  static {\n"
                + "    try { DriverManager.registerDriver(new TestDriver()); }\n"
                + "    catch (SQLException e) { throw new ExceptionInInitializerError(e); }\n"
                + "  }\n"
                + "  private final String greeting;\n"
                + "  public DriverGreeter(PluginContext context) { greeting = context.config(\"greeting\", \"hi\"); }\n"
                + "  public String greet(String name) {\n"
                + "    boolean registered = Collections.list(DriverManager.getDrivers()).stream()\n"
                + "        .anyMatch(d -> d instanceof TestDriver);\n"
                + "    return greeting + \":\" + (registered ? \"driver\" : \"no driver\");\n"
                + "  }\n"
                + "  public void close() { dev.reload.testkit.Probe.record(\"closed driver greeter \" + greeting); }\n"
                + "}\n";
        PluginJar.named("greeter-1.0.0.jar").classpath(Greeter.class)
                .source("plugin.TestDriver", driver)
                .source("plugin.DriverGreeter", greeter)
                .service(Greeter.class, "plugin.DriverGreeter")
                .writeTo(plugins);
        fixture.start(fixture.options());
        Greeter proxy = ServiceRegistry.get(Greeter.class);
        assertThat(proxy.greet("x")).isEqualTo("one:driver");

        writeConfig(greeterConfig, "greeting=two");
        await().atMost(WAIT).ignoreExceptions().until(() -> proxy.greet("x").startsWith("two:"));
        // The old instances retire, but the classes, and the driver their loading registered, still serve.
        await().atMost(WAIT).until(() -> Probe.recorded().contains("closed driver greeter one"));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> proxy.greet("x").equals("two:driver"));
    }

    @Test
    void aVersionRefusedForTheConfigurationItFoundLoadsOnceTheConfigurationIsFixed() throws Exception {
        writeConfig("greeting=one");
        configured("1.0.0").writeTo(plugins);
        Configured configured = start();

        Path v2 = configured("2.0.0", "if (context.config(\"mode\", null) == null) "
                + "throw new IllegalArgumentException(\"2.0.0 needs mode in configured.properties\");", false)
                .moveInto(plugins);
        fixture.awaitRejected(v2, "2.0.0 needs mode");
        assertThat(configured.greeting()).isEqualTo("1.0.0:one");

        writeConfig("greeting=two", "mode=fast");
        awaitGreeting(configured, "2.0.0:two");
    }

    /** Writes to both streams: the test reads what the runtime logs, and the build output still shows it. */
    private static final class Tee extends OutputStream {

        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
