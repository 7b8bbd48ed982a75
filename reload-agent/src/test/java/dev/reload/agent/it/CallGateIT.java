package dev.reload.agent.it;

import dev.reload.testkit.Greeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent jar carries JNA for the asymmetric call gate without changing which JNA the application gets: out of the
 * class path's way in the jar, and in a JVM, beside an application that has a JNA of another version.
 */
class CallGateIT {

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    @Test
    void theAgentJarKeepsJnaWhereNoClassLoaderReadsItAsClasses() throws IOException {
        try (JarFile jar = new JarFile(Host.agentJar().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();

            assertThat(names).noneMatch(name -> name.startsWith("com/sun/jna/"));
            assertThat(names).contains("META-INF/reload/jna/com/sun/jna/Native.class",
                    "META-INF/reload/jna/com/sun/jna/linux-x86-64/libjnidispatch.so",
                    "META-INF/reload/jna/com/sun/jna/linux-aarch64/libjnidispatch.so",
                    "dev/reload/runtime/jna/Membarrier.class");
        }
    }

    @Test
    void theAgentRunsTheAsymmetricGateWhileTheApplicationGetsItsOwnJna() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "not Linux");
        assumeTrue(Set.of("amd64", "aarch64").contains(System.getProperty("os.arch")), "another processor");
        Path plugins = jvms.plugins();
        GreeterPlugin.version("1.0.0").writeTo(plugins);
        Path applicationJna = Path.of(System.getProperty("reload.it.application-jna"));

        ChildJvm app = jvms.start(ChildJvm.launch(JnaApp.class)
                .javaagent(Host.agentJar(), "plugins=" + plugins)
                .jvmOption("-Djava.io.tmpdir=" + jvms.temp())
                .jvmOption("-Dreload.gate=asymmetric")
                .classpath(Host.codeSource(JnaApp.class), Host.codeSource(Greeter.class), applicationJna));

        app.awaitLineContaining("answered ", "1.0.0");
        app.awaitLine("the gate", "gate asymmetric"::equals);
        String jna = app.awaitLineContaining("jna ").text();
        assertThat(jna).startsWith("jna loader system from ").endsWith(applicationJna.getFileName().toString());
        long pid = app.pid();
        app.awaitLine("the application's own native call", ("getpid " + pid + " of " + pid)::equals);

        ChildJvm status = jvms.start(ChildJvm.launchJar(Host.agentJar(), "status", "--json", Long.toString(pid)));
        status.awaitLineContaining("\"pid\":" + pid + ",", "\"gate\":\"asymmetric\",");
        ChildJvm table = jvms.start(ChildJvm.launchJar(Host.agentJar(), "status", Long.toString(pid)));
        table.awaitLineContaining("JVM " + pid + ", plugins directory ", ", asymmetric gate");
    }
}
