package dev.reload.runtime.verify;

import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Measures, without asserting a time, how long a large jar takes: it prints the numbers for the record. */
class LinkageVerifierTimingTest {

    private static final int CLASSES = 2_000;

    /** JDK calls spread over the classes, so that a realistic number of JDK classes is looked up. */
    private static final List<String> JDK_CALLS = List.of(
            "java.util.UUID.nameUUIDFromBytes(in.toString().getBytes()).toString()",
            "java.time.Duration.ofMillis(in.size()).toString()",
            "new java.util.TreeSet<>(in).descendingSet().toString()",
            "java.nio.file.Path.of(\"a\", \"b\").getFileName().toString()",
            "String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextInt(3))",
            "java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2})",
            "new java.util.concurrent.atomic.AtomicLong(in.size()).incrementAndGet() + \"\"",
            "java.util.stream.IntStream.range(0, in.size()).boxed().toList().toString()",
            "new java.math.BigDecimal(in.size()).scale() + \"\"",
            "java.util.regex.Pattern.compile(\"a+\").matcher(in.toString()).replaceAll(\"b\")",
            "new java.util.ArrayDeque<>(in).peekFirst()",
            "java.util.Optional.ofNullable(in.isEmpty() ? null : in.get(0)).map(String::trim).orElse(\"\")",
            "new StringBuilder(\"x\").reverse().append(in.size()).toString()",
            "java.util.Collections.unmodifiableList(in).subList(0, 0).toString()",
            "java.time.LocalDate.of(2024, 1, 1).plusDays(in.size()).toString()",
            "java.util.Objects.requireNonNullElse(in.isEmpty() ? null : in.get(0), \"none\")");

    @TempDir
    Path dir;

    @Test
    void verifiesAJarOfTwoThousandClassesQuickly() throws IOException {
        Path jar = largePlugin().writeTo(dir);
        Map<Class<?>, Set<String>> implementations = Map.of(Shelf.class, Set.of("p.Impl"));

        LinkageVerifier verifier = new LinkageVerifier(getClass().getClassLoader());
        long first = time(() -> assertThat(verifier.verify(jar, implementations)).isEmpty());
        long second = time(() -> assertThat(verifier.verify(jar, implementations)).isEmpty());
        LinkageVerifier fresh = new LinkageVerifier(getClass().getClassLoader());
        long freshCaches = time(() -> assertThat(fresh.verify(jar, implementations)).isEmpty());
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            best = Math.min(best, time(() -> verifier.verify(jar, implementations)));
        }

        System.out.printf("LinkageVerifier, %d-class jar of %d KiB: first call %d ms (empty caches, code not yet "
                        + "compiled by the JIT), second call %d ms, new verifier %d ms, best of 5 %d ms%n",
                CLASSES, Files.size(jar) / 1024, first / 1_000_000, second / 1_000_000, freshCaches / 1_000_000,
                best / 1_000_000);
    }

    /**
     * p.Impl, then a chain of classes C0000000, C0000001... each calling the next, the application and two of the
     * JDK calls. javac compiles one template per JDK call; the classes are renamed copies of the templates, as
     * compiling two thousand sources would take most of a minute.
     */
    private static PluginJar largePlugin() {
        PluginJar templates = PluginJar.named("templates.jar").classpath(Shelf.class)
                .source("p.Impl", "package p;\n"
                        + "public class Impl extends dev.reload.runtime.verify.ShelfBase {\n"
                        + "  public String label(String item) { return new " + template(0)
                        + "().run(java.util.List.of(item)); }\n"
                        + "}")
                .source("p.Next0000", "package p; public class Next0000 { public String run(java.util.List<String> in)"
                        + " { return \"\"; } }");
        for (int k = 0; k < JDK_CALLS.size(); k++) {
            templates.source("p." + template(k), "package p;\n"
                    + "public class " + template(k) + " {\n"
                    + "  public String run(java.util.List<String> in) {\n"
                    + "    java.util.Map<String, Integer> counts = new java.util.HashMap<>();\n"
                    + "    in.forEach(s -> counts.merge(s, 1, Integer::sum));\n"
                    + "    dev.reload.runtime.verify.Inventory inventory = dev.reload.runtime.verify.Inventory.open();\n"
                    + "    String found = inventory.find(\"c\" + counts.size(), " + k + ");\n"
                    + "    return found + " + JDK_CALLS.get(k) + " + " + JDK_CALLS.get((k * 7 + 3) % JDK_CALLS.size())
                    + " + new Next0000().run(in).length();\n"
                    + "  }\n"
                    + "}");
        }
        Map<String, byte[]> compiled = TestJars.classFiles(templates);
        PluginJar plugin = PluginJar.named("large-1.0.0.jar")
                .entry("p/Impl.class", TestJars.renamed(compiled.get("p/Impl.class"),
                        Map.of(template(0), chained(0))))
                .service(Shelf.class, "p.Impl");
        for (int i = 0; i < CLASSES - 2; i++) {
            String template = template(i % JDK_CALLS.size());
            String next = i + 1 < CLASSES - 2 ? chained(i + 1) : "Next0000";
            plugin.entry("p/" + chained(i) + ".class", TestJars.renamed(compiled.get("p/" + template + ".class"),
                    Map.of(template, chained(i), "Next0000", next)));
        }
        return plugin.entry("p/Next0000.class", compiled.get("p/Next0000.class"));
    }

    private static String template(int k) {
        return String.format("Tmpl%04d", k);
    }

    private static String chained(int i) {
        return String.format("C%07d", i);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static long time(Step step) throws IOException {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }
}
