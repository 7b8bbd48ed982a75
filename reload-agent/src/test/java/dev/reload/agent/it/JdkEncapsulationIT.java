package dev.reload.agent.it;

import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent opens the JDK internals the leak finder reads to the finder's code alone: the application's classes,
 * and every library on its class path, meet the JDK's encapsulation exactly as they would without the agent, while
 * the finder still reads what it needs.
 */
class JdkEncapsulationIT {

    /** One private field the finder reads in each package the agent opens for it. */
    private static final List<List<String>> INTERNALS = List.of(
            List.of("java.lang.Thread", "threadLocals"),
            List.of("java.util.TaskQueue", "queue"),
            List.of("java.security.AccessControlContext", "context"));

    @RegisterExtension
    final ChildJvms jvms = new ChildJvms();

    private final Path plugins = jvms.plugins();

    @Test
    void applicationCodeCannotOpenTheJdkWhileTheFinderStillReportsAThreadLocalItReadsThere() {
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
        Host withAgent = Host.start(jvms, Host.withAgentOn(plugins, "leakCheckAfter=1s", "leakCheckGc=true"));
        withAgent.awaitEveryCallerAnsweredBy("1.0.0");
        Host withoutAgent = Host.start(jvms, Host.withoutAgent(Host.agentJar()));

        Map<String, String> agentAnswers = makeAccessible(withAgent);
        Map<String, String> plainAnswers = makeAccessible(withoutAgent);

        assertThat(agentAnswers.values()).allSatisfy(answer -> assertThat(answer)
                .startsWith("failed: java.lang.reflect.InaccessibleObjectException: Unable to make field"));
        assertThat(agentAnswers).isEqualTo(plainAnswers);

        PluginFiles.moveInto(plugins, "greeter-1.1.0.jar", GreeterPlugin.version("1.1.0").bytes());
        withAgent.awaitEveryCallerAnsweredBy("1.1.0");
        withAgent.awaitLineContaining("greeter 1.0.0: its class loader is still reachable");
        withAgent.awaitLineContaining("thread local", "plugin.Caching");
        assertThat(withAgent.jvm().find(line -> line.contains("not checked"))).isEmpty();
    }

    /** The messages name the module they were refused to by its identity hash, which differs from JVM to JVM. */
    private static Map<String, String> makeAccessible(Host host) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (List<String> field : INTERNALS) {
            answers.put(field.get(0) + "." + field.get(1), host.makeAccessible(field.get(0), field.get(1))
                    .replaceAll("unnamed module @\\p{XDigit}+", "unnamed module @..."));
        }
        return answers;
    }
}
