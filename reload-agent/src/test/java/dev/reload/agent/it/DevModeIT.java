package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dev mode in a real JVM: a class output directory in the plugins directory, or linked into it, serves ahead of every
 * jar of its id and swaps on every compile under running callers; a broken compile is refused and the generation
 * before it serves on; taking the directory away hands back to the highest jar.
 */
class DevModeIT {

    private static final String GREETER = "dev.reload.testkit.Greeter";

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void aRecompiledClassDirectorySwapsInUnderRunningCallersAheadOfEveryJarAndNoCallFails() {
        GreeterPlugin.version("9.0.0").writeTo(plugins);
        ClassesDirectory classes = new ClassesDirectory(plugins.resolve("greeter")).compile("edit-1");
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "devMode=true"));
        host.awaitEveryCallerAnsweredBy("edit-1");
        host.awaitLineContaining("[reload] greeter dev.1: loaded from greeter");

        classes.compile("edit-2");

        host.awaitEveryCallerAnsweredBy("edit-2");
        host.awaitLineContaining("event swapped " + GREETER + " dev.1 -> dev.");
        host.awaitLineContaining("closed edit-1");
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void aBrokenCompileBehindASymbolicLinkIsRefusedAndTheNextGoodOneLoads() throws IOException {
        ClassesDirectory classes = new ClassesDirectory(temp.resolve("src/greeter/target/classes")).compile("edit-1");
        Files.createSymbolicLink(plugins.resolve("greeter"), classes.path());
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "devMode=true"));
        host.awaitEveryCallerAnsweredBy("edit-1");

        classes.declare(GreeterPlugin.className("half-built"));
        host.awaitLineContaining("event rejected " + plugins.resolve("greeter"), "Greeter_half_built");
        int afterRefusal = host.jvm().mark();
        classes.compile("edit-3");

        host.awaitEveryCallerAnsweredBy("edit-3");
        host.jvm().awaitLineAfter(afterRefusal, "a generation after the refused one", l -> l.startsWith(
                "event loaded greeter dev."));
        assertThat(host.callerReports()).noneMatch(r -> r.contains("half-built"));
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void removingTheDirectoryRollsBackToTheHighestJar() throws IOException {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        GreeterPlugin.version("2.0.0").writeTo(plugins);
        ClassesDirectory classes = new ClassesDirectory(plugins.resolve("greeter")).compile("edit-1");
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "devMode=true"));
        host.awaitEveryCallerAnsweredBy("edit-1");

        deleteTree(classes.path());

        host.awaitEveryCallerAnsweredBy("2.0.0");
        host.awaitLineContaining("event swapped " + GREETER + " dev.1 -> 2.0.0");
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    @Test
    void withoutDevModeADirectoryIsRefusedOnceSayingHowToTurnDevModeOn() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        new ClassesDirectory(plugins.resolve("greeter")).compile("edit-1");

        Host host = Host.start(jvms, Host.withAgentOn(plugins));

        host.awaitEveryCallerAnsweredBy("1.0.0");
        String refusal = "rejected " + plugins.resolve("greeter") + ": a directory";
        host.awaitLineContaining(refusal, "devMode=true");
        GreeterPlugin.version("1.1.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.1.0");
        assertThat(host.jvm().stderr()).as("said once, not on every scan").filteredOn(l -> l.contains(refusal))
                .hasSize(1);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
