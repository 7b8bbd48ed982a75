package dev.reload.agent.it;

import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A jar that cannot serve is refused with its cause, and the version that was serving goes on as if nothing came. */
class RejectionIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    static Stream<BrokenJar> brokenJars() {
        return Stream.of(
                new BrokenJar("a file that is not a zip", "greeter-1.1.0.jar",
                        () -> "this is not a jar".getBytes(StandardCharsets.UTF_8),
                        List.of("not a valid jar"), GreeterPlugin.version("1.1.0")),
                new BrokenJar("a truncated jar", "greeter-1.1.0.jar",
                        () -> firstPartOf(GreeterPlugin.version("1.1.0").bytes()),
                        List.of("not a valid jar"), GreeterPlugin.version("1.1.0")),
                new BrokenJar("a jar whose service class's constructor throws", "greeter-1.1.0.jar",
                        () -> GreeterPlugin.withThrowingConstructor("1.1.0", "no database").bytes(),
                        List.of("constructor of plugin.Greeter_1_1_0", "java.lang.IllegalStateException: no database"),
                        GreeterPlugin.version("1.1.0")),
                new BrokenJar("a jar naming a class it does not hold", "greeter-1.1.0.jar",
                        () -> GreeterPlugin.namingAMissingClass("1.1.0", "plugin.Missing").bytes(),
                        List.of("plugin.Missing", "is not in the jar"),
                        GreeterPlugin.version("1.1.0")),
                new BrokenJar("a jar whose name and manifest give no version", "greeter.jar",
                        () -> GreeterPlugin.jar("greeter.jar", "1.1.0", "").bytes(),
                        List.of("the file name is not <id>-<version>.jar"),
                        GreeterPlugin.jar("greeter.jar", "1.1.0", "").id("greeter").version("1.1.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenJars")
    void aBrokenJarIsRejectedWithItsCauseWhileTheActiveVersionKeepsServingAndAFixedJarUnderItsNameLoads(
            BrokenJar broken) {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins));
        host.awaitEveryCallerAnsweredBy("1.0.0");

        Path file = PluginFiles.moveInto(plugins, broken.fileName(), broken.content().get());

        host.awaitLineContaining(fragments("event rejected " + file + ": ", broken.cause()));
        host.awaitLineContaining(fragments("[reload] rejected " + file + ": ", broken.cause()));
        assertThat(host.describeProxy()).endsWith("plugin greeter, version 1.0.0]");
        assertThat(host.jvm().find(l -> l.startsWith("closed "))).isEmpty();

        PluginFiles.moveInto(plugins, broken.fileName(), broken.fixed().bytes());

        host.awaitEveryCallerAnsweredBy("1.1.0");
        host.jvm().awaitLine("the line 'closed 1.0.0'", "closed 1.0.0"::equals);
        assertThat(host.callerReports()).allMatch(r -> r.endsWith(" answered by 1.0.0")
                || r.endsWith(" answered by 1.1.0"));
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void aVersionWhoseConstructorOutlastsTheInstantiateTimeoutIsRejectedWhileTheActiveVersionKeepsServing()
            throws IOException {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "instantiateTimeout=500ms"));
        host.awaitEveryCallerAnsweredBy("1.0.0");
        Path release = temp.resolve("release-constructor");

        Path file = GreeterPlugin.withConstructorWaitingFor("1.1.0", release).moveInto(plugins);

        host.awaitLineContaining("event rejected " + file + ": ", "did not finish within instantiateTimeout=500ms");
        host.awaitLineContaining(GreeterPlugin.className("1.1.0") + ".<init>(");
        assertThat(host.describeProxy()).endsWith("plugin greeter, version 1.0.0]");
        Files.createFile(release);
        host.jvm().awaitLine("the line 'closed 1.1.0' of the late instance, which never serves",
                "closed 1.1.0"::equals);
        assertThat(host.describeProxy()).endsWith("plugin greeter, version 1.0.0]");

        GreeterPlugin.version("1.1.0", "1.1.0-fixed").moveInto(plugins);

        host.awaitEveryCallerAnsweredBy("1.1.0-fixed");
        assertThat(host.callerReports()).allMatch(r -> r.endsWith(" answered by 1.0.0")
                || r.endsWith(" answered by 1.1.0-fixed"));
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    private static String[] fragments(String first, List<String> more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(more);
        return all.toArray(new String[0]);
    }

    private static byte[] firstPartOf(byte[] jar) {
        return Arrays.copyOf(jar, jar.length * 2 / 3);
    }

    /**
     * @param description what is wrong with it
     * @param fileName    its name in the plugins directory
     * @param content     its bytes
     * @param cause       what the rejection must say, in fragments of its reason
     * @param fixed       a good jar to put under the same name
     */
    record BrokenJar(String description, String fileName, Supplier<byte[]> content, List<String> cause,
                     PluginJar fixed) {
        @Override
        public String toString() {
            return description;
        }
    }
}
