package dev.reload.runtime.verify;

import dev.reload.runtime.plugin.JarLimits;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class LinkageVerifierTest {

    private static final String SHELF_IMPL = "package p;\n"
            + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
            + "  public String label(String item) { return item; }\n"
            + "  public int count() { return 0; }\n"
            + "}";

    @TempDir
    Path dir;

    private final LinkageVerifier verifier = new LinkageVerifier(getClass().getClassLoader());

    /** Checks the jar both ways a load may: reading it, and on the class files the limits' pass kept. */
    private List<String> verify(PluginJar jar) throws IOException {
        Path file = jar.writeTo(dir);
        Map<Class<?>, Set<String>> implementations = Map.of(Shelf.class, Set.of("p.Impl"));
        List<String> problems = verifier.verify(file, implementations);
        JarLimits.Inflated inflated = new JarLimits(10_000, 100_000_000).inflate(file, null, true);
        assertThat(verifier.verify(inflated.classFiles(), inflated.multiRelease(), implementations))
                .as("the same check on the class files already inflated").isEqualTo(problems);
        return problems;
    }

    /** A plugin whose service implementation, p.Impl, runs {@code code} in {@code label}. */
    private static PluginJar pluginCalling(Path compiledAgainst, String code) {
        return PluginJar.named("plugin-1.0.0.jar")
                .classpath(compiledAgainst)
                .classpath(Shelf.class)
                .source("p.Impl", "package p;\n"
                        + "import dev.reload.runtime.verify.Inventory;\n"
                        + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { " + code + " }\n"
                        + "  public int count() { return 0; }\n"
                        + "}")
                .service(Shelf.class, "p.Impl");
    }

    private Path newerInventory() {
        return TestJars.otherInventory(dir, "public static int capacity;\n"
                + "public static long maximum;\n"
                + "public String owner;\n"
                + "public String location;\n"
                + "public static Inventory open() { return null; }\n"
                + "public String find(String name, int shelf) { return name; }\n"
                + "public String findAll(String name) { return name; }\n"
                + "public long size() { return 0; }");
    }

    @Test
    void reportsACallToAnApplicationMethodTheApplicationDoesNotHave() throws IOException {
        List<String> problems = verify(pluginCalling(newerInventory(), "return Inventory.open().findAll(item);"));

        assertThat(problems).containsExactly("p.Impl calls dev.reload.runtime.verify.Inventory.findAll"
                + "(Ljava/lang/String;)Ljava/lang/String;, which the application does not have");
    }

    @Test
    void reportsAMethodWhoseReturnTypeChanged() throws IOException {
        List<String> problems = verify(pluginCalling(newerInventory(), "return \"\" + Inventory.open().size();"));

        assertThat(problems).containsExactly("p.Impl calls dev.reload.runtime.verify.Inventory.size()J, which the "
                + "application does not have");
    }

    @Test
    void reportsMissingFieldsReadOrWritten() throws IOException {
        List<String> problems = verify(pluginCalling(newerInventory(),
                "Inventory.maximum = 3; return Inventory.open().location;"));

        assertThat(problems).containsExactly(
                "p.Impl writes field dev.reload.runtime.verify.Inventory.maximum:J, which the application does not "
                        + "have",
                "p.Impl reads field dev.reload.runtime.verify.Inventory.location:Ljava/lang/String;, which the "
                        + "application does not have");
    }

    @Test
    void acceptsAPluginCompiledAgainstANewerVersionWhenItOnlyUsesWhatTheApplicationHas() throws IOException {
        List<String> problems = verify(pluginCalling(newerInventory(),
                "Inventory.capacity++; Inventory i = new Inventory(); i.owner = item; return i.find(i.owner, 2);"));

        assertThat(problems).isEmpty();
    }

    @Test
    void reportsAMethodInheritedFromAnApplicationClassThroughAPluginSubclass() throws IOException {
        PluginJar jar = pluginCalling(newerInventory(), "return new Store().findAll(item);")
                .source("p.Store", "package p; public class Store extends dev.reload.runtime.verify.Inventory {}");

        assertThat(verify(jar)).containsExactly("p.Impl calls p.Store.findAll(Ljava/lang/String;)Ljava/lang/String;, "
                + "which neither the jar nor the application has");
    }

    @Test
    void reportsAJdkMethodThatDoesNotExistAndOneCalledAsStaticThatIsNot() throws IOException {
        byte[] caller = TestJars.generatedClass("p/Caller", Opcodes.V17, run -> {
            run.visitLdcInsn("text");
            run.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "shout", "()Ljava/lang/String;", false);
            run.visitInsn(Opcodes.POP);
            run.visitLdcInsn("text");
            run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "length", "(Ljava/lang/String;)I", false);
            run.visitInsn(Opcodes.POP);
            run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "isEmpty", "()Z", false);
            run.visitInsn(Opcodes.POP);
            run.visitFieldInsn(Opcodes.GETFIELD, "java/lang/Integer", "MAX_VALUE", "I");
            run.visitInsn(Opcodes.POP);
        });
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", SHELF_IMPL)
                .entry("p/Caller.class", caller);

        assertThat(verify(jar)).containsExactly(
                "p.Caller calls java.lang.String.shout()Ljava/lang/String;, which the JDK does not have",
                "p.Caller calls java.lang.String.length(Ljava/lang/String;)I, which the JDK does not have",
                "p.Caller calls java.lang.String.isEmpty()Z as a static method, but the JDK's is not static",
                "p.Caller reads field java.lang.Integer.MAX_VALUE:I as an instance field, but the JDK's is static");
    }

    @Test
    void reportsAMissingClassUsedByTheImplementationButNotOneUsedOnlyByAnotherClassOfTheJar() throws IOException {
        Path library = PluginJar.named("optional-lib.jar")
                .source("lib.Optional", "package lib; public class Optional { public static String hello() {"
                        + " return \"hi\"; } }")
                .writeTo(dir);
        PluginJar jar = pluginCalling(library, "return lib.Optional.hello() + p.Helper.help() + new Inner().get();")
                .source("p.Helper", "package p; public class Helper {\n"
                        + "  public static String help() {\n"
                        + "    try { return lib.Optional.hello(); } catch (NoClassDefFoundError e) { return \"\"; }\n"
                        + "  }\n"
                        + "}")
                .source("p.Inner", "package p; class Inner { String get() { return \"\"; } }");
        PluginJar nested = PluginJar.named("plugin-2.0.0.jar").classpath(library).classpath(Shelf.class)
                .source("p.Impl", "package p;\n"
                        + "public class Impl extends Base implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { return new Runnable() { public void run() {"
                        + " lib.Optional.hello(); } }.toString(); }\n"
                        + "  public int count() { return 0; }\n"
                        + "}")
                .source("p.Base", "package p; public class Base { static class Nested extends lib.Optional {} }");

        assertThat(verify(jar)).containsExactly("p.Impl uses class lib.Optional, which neither the jar nor the "
                + "application has");
        assertThat(verify(nested)).containsExactlyInAnyOrder(
                "p.Impl$1 uses class lib.Optional, which neither the jar nor the application has",
                "p.Base$Nested extends lib.Optional, which neither the jar nor the application has");
    }

    @Test
    void reportsMissingMembersOfApplicationClassesFromEveryClassOfTheJar() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(newerInventory()).classpath(Shelf.class)
                .source("p.Impl", SHELF_IMPL)
                .source("lib.Util", "package lib; public class Util { public static String all() {"
                        + " return dev.reload.runtime.verify.Inventory.open().findAll(\"x\"); } }");

        assertThat(verify(jar)).containsExactly("lib.Util calls dev.reload.runtime.verify.Inventory.findAll"
                + "(Ljava/lang/String;)Ljava/lang/String;, which the application does not have");
    }

    @Test
    void neverReportsReferencesBetweenClassesOfTheJar() throws IOException {
        PluginJar newerHelper = PluginJar.named("helper-2.jar")
                .source("p.Helper", "package p; public class Helper { public static int extra; "
                        + "public String newer() { return \"\"; } }");
        PluginJar compiledAgainstNewer = PluginJar.named("impl.jar").classpath(newerHelper.writeTo(dir))
                .classpath(Shelf.class)
                .source("p.Impl", "package p;\n"
                        + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { Helper.extra++; return new Helper().newer(); }\n"
                        + "  public int count() { return 0; }\n"
                        + "}");
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar")
                .source("p.Helper", "package p; public class Helper { }")
                .entry("p/Impl.class", TestJars.classFiles(compiledAgainstNewer).get("p/Impl.class"));

        assertThat(verify(jar)).isEmpty();
    }

    @Test
    void checksABundledCopyOfTheServiceInterfaceAsTheApplicationHasIt() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar")
                .source("dev.reload.runtime.verify.Shelf", "package dev.reload.runtime.verify;\n"
                        + "public interface Shelf { String label(String item); int count(); String extra(); }")
                .source("p.Impl", "package p;\n"
                        + "public class Impl implements dev.reload.runtime.verify.Shelf {\n"
                        + "  public String label(String item) { return extra(); }\n"
                        + "  public int count() { return 0; }\n"
                        + "  public String extra() { return \"\"; }\n"
                        + "  String viaInterface(dev.reload.runtime.verify.Shelf s) { return s.extra(); }\n"
                        + "}");

        assertThat(verify(jar)).containsExactly("p.Impl calls dev.reload.runtime.verify.Shelf.extra()"
                + "Ljava/lang/String;, which the application does not have");
    }

    @Test
    void listsTwentyProblemsThenCountsTheRest() throws IOException {
        byte[] caller = TestJars.generatedClass("p/Caller", Opcodes.V17, run -> {
            for (int i = 0; i < 35; i++) {
                run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "missing" + i, "()V", false);
            }
        });
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", SHELF_IMPL)
                .entry("p/Caller.class", caller);

        List<String> problems = verify(jar);

        assertThat(problems).hasSize(21);
        assertThat(problems.get(0)).isEqualTo("p.Caller calls java.lang.Math.missing0()V, which the JDK does not "
                + "have");
        assertThat(problems.get(20)).isEqualTo("and 15 more");
    }

    @Test
    void reportsClassesCompiledForANewerJavaThanTheApplicationRuns() throws IOException {
        int newer = Opcodes.V1_8 + Runtime.version().feature() - 7;
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", SHELF_IMPL)
                .entry("p/Future.class", TestJars.generatedClass("p/Future", newer, run -> { }));

        assertThat(verify(jar)).containsExactly("p.Future needs Java " + (Runtime.version().feature() + 1)
                + " (class file version " + (newer & 0xffff) + "), but the application runs on Java "
                + Runtime.version().feature());
    }

    @Test
    void readsTheClassesAMultiReleaseJarHasForTheRunningJava() throws IOException {
        byte[] broken = TestJars.generatedClass("p/Caller", Opcodes.V1_8, run ->
                run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "missing", "()V", false));
        byte[] fixed = TestJars.generatedClass("p/Caller", Opcodes.V11, run ->
                run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "random", "()D", false));
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .manifest("Multi-Release", "true")
                .source("p.Impl", SHELF_IMPL)
                .entry("p/Caller.class", broken)
                .entry("META-INF/versions/11/p/Caller.class", fixed);

        assertThat(verify(jar)).isEmpty();
    }

    @Test
    void reportsAClassFileThatCannotBeReadWithoutReportingItsUsersAsUsingAMissingClass() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", SHELF_IMPL.replace("return item;", "return new p.Broken().toString();"))
                .source("p.Broken", "package p; public class Broken { }");
        PluginJar corrupted = PluginJar.named("plugin-2.0.0.jar")
                .entry("p/Impl.class", TestJars.classFiles(jar).get("p/Impl.class"))
                .entry("p/Broken.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61});

        List<String> problems = verify(corrupted);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("p.Broken is not a valid class file (");
    }

    @Test
    void reportsAnImplementationClassMissingFromTheJar() throws IOException {
        PluginJar jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class).source("p.Impl", SHELF_IMPL);

        List<String> problems = verifier.verify(jar.writeTo(dir), Map.of(Shelf.class, Set.of("p.Gone")));

        assertThat(problems).containsExactly("p.Gone, declared as an implementation of dev.reload.runtime.verify.Shelf,"
                + " is not in the jar");
    }

    @Test
    void aNewVersionIsCheckedOnItsOwnClassesWhateverTheVersionBeforeItProved() throws IOException {
        Path newer = newerInventory();
        assertThat(verify(pluginCalling(newer, "return item;"))).isEmpty();

        List<String> problems = verify(pluginCalling(newer, "return Inventory.open().findAll(item);"));

        assertThat(problems).containsExactly("p.Impl calls dev.reload.runtime.verify.Inventory.findAll"
                + "(Ljava/lang/String;)Ljava/lang/String;, which the application does not have");
        assertThat(verify(pluginCalling(newer, "return item;"))).isEmpty();
    }

    @Test
    void givesTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        Path jar = pluginCalling(newerInventory(), "return Inventory.open().findAll(item);").writeTo(dir);
        LinkageVerifier fresh = new LinkageVerifier(getClass().getClassLoader());
        Callable<List<String>> verify = () -> fresh.verify(jar, Map.of(Shelf.class, Set.of("p.Impl")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> answers = pool.invokeAll(List.of(verify, verify, verify, verify));
            for (Future<List<String>> answer : answers) {
                assertThat(answer.get()).containsExactly("p.Impl calls dev.reload.runtime.verify.Inventory.findAll"
                        + "(Ljava/lang/String;)Ljava/lang/String;, which the application does not have");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
