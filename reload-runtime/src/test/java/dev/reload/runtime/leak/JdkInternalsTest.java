package dev.reload.runtime.leak;

import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JdkInternalsTest {

    private static final String FIND_WITH_A_TIMER = "public class FindWithATimer {\n"
            + "  public static void main(String[] args) {\n"
            + "    new java.util.Timer(\"host-timer\", true);\n"
            + "    ClassLoader plugin = new java.net.URLClassLoader(\"plugin\", new java.net.URL[0], null);\n"
            + "    new dev.reload.runtime.leak.LeakFinder().holdersOf(plugin).forEach(System.out::println);\n"
            + "  }\n"
            + "}\n";

    private static final String FIND_IN_A_THREAD_LOCAL = "public class FindInAThreadLocal {\n"
            + "  static final ThreadLocal<Object> LOCAL = new ThreadLocal<>();\n"
            + "  public static void main(String[] args) {\n"
            + "    new java.util.Timer(\"host-timer\", true);\n"
            + "    ClassLoader plugin = new java.net.URLClassLoader(\"plugin\", new java.net.URL[0], null);\n"
            + "    LOCAL.set(plugin);\n"
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
    void withoutTheAgentButWithTheFlagsItNamesTheFinderChecksEverything() throws Exception {
        Path jar = PluginJar.named("find.jar").classpath(LeakFinder.class)
                .source("FindInAThreadLocal", FIND_IN_A_THREAD_LOCAL).writeTo(dir);

        String printed = ChildJvm.run(dir, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "-cp", jar + File.pathSeparator + ChildJvm.runtimeClasses(), "FindInAThreadLocal");

        assertThat(printed.lines()).containsExactly("thread \"main\" keeps the plugin loaded through a thread local:"
                + " ThreadLocal java.lang.ThreadLocal, value the plugin's class loader plugin");
    }

    /**
     * The application's classes share their unnamed module with reload's classes on the class path: the agent
     * opens nothing to it, so they stay exactly as closed as the command line leaves every unnamed module.
     */
    @Test
    void theAgentOpensWhatTheFinderReadsToTheFinderAloneAndNotToTheApplication() throws Exception {
        Module base = Object.class.getModule();
        Module application = JdkInternalsTest.class.getModule();
        try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
            Module stranger = other.getUnnamedModule();

            OpenedJdk.ensure(dir);

            assertThat(FinderLoader.module()).isNotEqualTo(application).isNotEqualTo(LeakFinder.class.getModule());
            for (String packageName : List.of("java.lang", "java.util", "java.security")) {
                assertThat(base.isOpen(packageName, FinderLoader.module())).as(packageName).isTrue();
                // Open to some unnamed module only if the command line opened it to all (--add-opens ...=ALL-UNNAMED).
                boolean openToAllUnnamed = base.isOpen(packageName, stranger);
                assertThat(base.isOpen(packageName, application)).as(packageName).isEqualTo(openToAllUnnamed);
                assertThat(base.isOpen(packageName, LeakFinder.class.getModule())).as(packageName)
                        .isEqualTo(openToAllUnnamed);
            }
        }
    }
}
