package dev.reload.agent.it;

import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the agent, a retired version that stays loaded is reported with what holds it, JDK internals included; a
 * well-behaved one unloads and is never reported.
 */
class LeakIT {

    private static final String LEAK_CHECK = "leakCheckAfter=1s";
    private static final String WITH_GC = "leakCheckGc=true";

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    private Host retireLeaky(String constructorBody) {
        GreeterPlugin.jar("greeter-1.0.0.jar", "1.0.0", constructorBody).writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, LEAK_CHECK, WITH_GC));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        PluginFiles.moveInto(plugins, "greeter-1.1.0.jar", GreeterPlugin.version("1.1.0").bytes());
        host.awaitEveryCallerAnsweredBy("1.1.0");
        return host;
    }

    @Test
    void aThreadThePluginStartedAndNeverStoppedIsReportedWithItsNameAndStack() {
        Host host = retireLeaky("""
                Thread poller = new Thread(() -> {
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "plugin-poller");
                poller.setDaemon(true);
                poller.start();
                """);
        host.awaitLineContaining("greeter 1.0.0: its class loader is still reachable");
        host.awaitLineContaining("\"plugin-poller\"");
        host.awaitLineContaining("event LeakSuspected[pluginId=greeter, version=1.0.0");
    }

    @Test
    void aThreadLocalValueThePluginLeftOnAnApplicationThreadIsReported() {
        PluginJar.named("greeter-1.0.0.jar").classpath(Greeter.class)
                .source("plugin.Caching", """
                        package plugin;

                        public class Caching implements dev.reload.testkit.Greeter {
                            private static final ThreadLocal<Object> LAST = new ThreadLocal<>();

                            @Override
                            public String greet(String name) {
                                LAST.set(this);
                                return "1.0.0:" + name;
                            }
                        }
                        """)
                .service(Greeter.class, "plugin.Caching").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, LEAK_CHECK, WITH_GC));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        PluginFiles.moveInto(plugins, "greeter-1.1.0.jar", GreeterPlugin.version("1.1.0").bytes());
        host.awaitEveryCallerAnsweredBy("1.1.0");

        host.awaitLineContaining("greeter 1.0.0: its class loader is still reachable");
        host.awaitLineContaining("thread local");
    }

    @Test
    void aJdbcDriverThePluginRegisteredIsDeregisteredAtRetirementAndTheVersionUnloads() {
        Host host = retireLeaky("""
                class Driver implements java.sql.Driver {
                    public java.sql.Connection connect(String url, java.util.Properties info) { return null; }
                    public boolean acceptsURL(String url) { return false; }
                    public java.sql.DriverPropertyInfo[] getPropertyInfo(String url, java.util.Properties info) {
                        return new java.sql.DriverPropertyInfo[0];
                    }
                    public int getMajorVersion() { return 1; }
                    public int getMinorVersion() { return 0; }
                    public boolean jdbcCompliant() { return false; }
                    public java.util.logging.Logger getParentLogger() { return null; }
                }
                try {
                    java.sql.DriverManager.registerDriver(new Driver());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                """);
        host.awaitLineContaining("greeter 1.0.0: deregistered JDBC driver");
        host.gc();
        host.awaitLineContaining("event unloaded greeter 1.0.0");
        assertThat(host.jvm().find(l -> l.contains("LeakSuspected[pluginId=greeter, version=1.0.0"))).isEmpty();
    }

    @Test
    void aWellBehavedVersionUnloadsAndIsNeverReported() {
        Host host = retireLeaky("");
        host.gc();
        host.awaitLineContaining("event unloaded greeter 1.0.0");
        assertThat(host.jvm().find(l -> l.contains("still reachable"))).isEmpty();
    }

    @Test
    void aReachableLoaderIsNotBlamedBeforeACollectionThatUnloadsClassesHasRun() {
        GreeterPlugin.jar("greeter-1.0.0.jar", "1.0.0", """
                Thread poller = new Thread(() -> {
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "patient-poller");
                poller.setDaemon(true);
                poller.start();
                """).writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "leakCheckAfter=300ms"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        PluginFiles.moveInto(plugins, "greeter-1.1.0.jar", GreeterPlugin.version("1.1.0").bytes());
        host.awaitLineContaining("event retired greeter 1.0.0");

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
                .until(() -> host.jvm().find(l -> l.contains("still reachable")).isEmpty());
        host.gc();

        host.awaitLineContaining("greeter 1.0.0: its class loader is still reachable");
        host.awaitLineContaining("\"patient-poller\"");
    }
}
