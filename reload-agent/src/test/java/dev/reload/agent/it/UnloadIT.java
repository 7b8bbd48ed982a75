package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A retired version leaves nothing behind: once the host collects garbage, the JVM unloads its classes. */
class UnloadIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path temp = jvms.temp();
    private final Path plugins = jvms.plugins();

    @Test
    void aRetiredVersionsClassesAreUnloadedWhenTheHostCollectsGarbage() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins).jvmOption("-Xlog:class+unload=info"));

        swapAndAwaitUnloadOfTheFirstVersion(host);
    }

    @Test
    void aRetiredVersionIsUnloadedLongBeforeALongInstantiateTimeoutRunsOut() {
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Host host = Host.start(jvms, Host.withAgentOn(plugins, "instantiateTimeout=2m")
                .jvmOption("-Xlog:class+unload=info"));

        swapAndAwaitUnloadOfTheFirstVersion(host);
    }

    private void swapAndAwaitUnloadOfTheFirstVersion(Host host) {
        host.awaitEveryCallerAnsweredBy("1.0.0");
        GreeterPlugin.version("1.1.0").moveInto(plugins);
        host.awaitEveryCallerAnsweredBy("1.1.0");
        host.awaitLineContaining("event retired greeter 1.0.0");

        // Nothing in the host asks for a collection; a few may be needed before the JVM gets to the old loader.
        Predicate<String> unloadOfTheFirstVersion = unloadingClass(GreeterPlugin.className("1.0.0"));
        await("the unloading of " + GreeterPlugin.className("1.0.0")).atMost(ChildJvm.WAIT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    host.gc();
                    return host.jvm().find(unloadOfTheFirstVersion).isPresent();
                });

        host.awaitLineContaining("event unloaded greeter 1.0.0");
        host.awaitLineContaining("[reload] greeter 1.0.0: class loader collected, classes unloaded");
        assertThat(host.jvm().find(unloadingClass(GreeterPlugin.className("1.1.0"))))
                .as("the active version's classes stay").isEmpty();
        assertThat(host.stats().failures()).as("failed calls: %s", host.failedCalls()).isZero();
    }

    /** A line of {@code -Xlog:class+unload}: {@code [..][info][class,unload] unloading class <name> 0x...}. */
    private static Predicate<String> unloadingClass(String className) {
        return line -> line.contains("[class,unload]") && line.contains(" unloading class " + className + " ");
    }
}
