package dev.reload.runtime.leak;

import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JdkInternalsTest {

    private static final String FIND_WITH_A_TIMER = "public class FindWithATimer {\n"
            + "  public static void main(String[] args) {\n"
            + "    new java.util.Timer(\"host-timer\", true);\n"
            + "    ClassLoader plugin = new java.net.URLClassLoader(\"plugin\", new java.net.URL[0], null);\n"
            + "    new dev.reload.runtime.leak.LeakFinder().holdersOf(plugin).forEach(System.out::println);\n"
            + "  }\n"
            + "}\n";

    @TempDir
    Path dir;

    @Test
    void withoutTheAgentTheFinderSaysWhatItSkippedAndWhichFlagFixesIt() throws Exception {
        Path jar = PluginJar.named("find.jar").classpath(LeakFinder.class).source("FindWithATimer", FIND_WITH_A_TIMER)
                .writeTo(dir);

        String printed = ChildJvm.run(dir, "-cp", jar + File.pathSeparator + ChildJvm.runtimeClasses(),
                "FindWithATimer");

        assertThat(printed.lines()).containsExactly(
                "Runnable targets of threads, creators of threads, thread locals and shutdown hooks not checked: "
                        + "java.base does not open java.lang to reload (an unnamed module); "
                        + "run with the reload agent or --add-opens java.base/java.lang=ALL-UNNAMED",
                "tasks queued on timers not checked: java.base does not open java.util to reload (an unnamed module); "
                        + "run with the reload agent or --add-opens java.base/java.util=ALL-UNNAMED");
    }

    @Test
    void theAgentOpensWhatTheFinderReadsToReloadAndToNoOtherModule() throws Exception {
        Module base = Object.class.getModule();
        List<String> packages = List.of("java.lang", "java.util", "java.security");
        try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
            Module stranger = other.getUnnamedModule();
            // A JVM started with --add-opens ...=ALL-UNNAMED already opens them to every unnamed module.
            Map<String, Boolean> openToStrangerBefore = new HashMap<>();
            packages.forEach(p -> openToStrangerBefore.put(p, base.isOpen(p, stranger)));

            OpenedJdk.ensure(dir);

            for (String packageName : packages) {
                assertThat(base.isOpen(packageName, LeakFinder.class.getModule())).as(packageName).isTrue();
                assertThat(base.isOpen(packageName, stranger)).as(packageName)
                        .isEqualTo(openToStrangerBefore.get(packageName));
            }
        }
    }
}
