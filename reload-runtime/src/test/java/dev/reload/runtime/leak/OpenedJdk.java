package dev.reload.runtime.leak;

import dev.reload.testkit.PluginJar;

import java.nio.file.Path;

/**
 * Opens this JVM's JDK internals to reload as the agent does, through {@link JdkInternals#openJdkInternals}: a child
 * JVM attaches to this one and loads a three-line agent, since a JVM may not attach to itself by default. It is not
 * undone; it only lets the finder's own module read what the finder reads.
 */
final class OpenedJdk {

    private static final String AGENT = "public class OpenJdkAgent {\n"
            + "  public static void agentmain(String args, java.lang.instrument.Instrumentation inst) {\n"
            + "    dev.reload.runtime.leak.JdkInternals.openJdkInternals(inst);\n"
            + "  }\n"
            + "}\n";
    private static final String ATTACH = "public class AttachAgent {\n"
            + "  public static void main(String[] args) throws Exception {\n"
            + "    com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);\n"
            + "    try { vm.loadAgent(args[1]); } finally { vm.detach(); }\n"
            + "  }\n"
            + "}\n";

    private OpenedJdk() {
    }

    static synchronized void ensure(Path workDir) throws Exception {
        if (allOpen()) {
            return;
        }
        Path jar = PluginJar.named("open-jdk-agent.jar")
                .classpath(JdkInternals.class)
                .source("OpenJdkAgent", AGENT)
                .source("AttachAgent", ATTACH)
                .manifest("Agent-Class", "OpenJdkAgent")
                .writeTo(workDir);
        try {
            ChildJvm.run(workDir, "-cp", jar.toString(), "AttachAgent",
                    Long.toString(ProcessHandle.current().pid()), jar.toString());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("could not load an agent into the test JVM; if this JVM forbids "
                    + "attaching, give surefire --add-opens java.base/java.lang=ALL-UNNAMED --add-opens "
                    + "java.base/java.util=ALL-UNNAMED --add-opens java.base/java.security=ALL-UNNAMED instead", e);
        }
        if (!allOpen()) {
            throw new IllegalStateException("the agent ran but java.base is still closed to the finder");
        }
    }

    private static boolean allOpen() {
        Module base = Object.class.getModule();
        return base.isOpen("java.lang", FinderLoader.module()) && base.isOpen("java.util", FinderLoader.module())
                && base.isOpen("java.security", FinderLoader.module());
    }
}
