package dev.reload.runtime.engine;

import dev.reload.runtime.plugin.PluginClassLoader;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotCheckTest {

    private static final String LOADER = "reload:thing@1.0.0#1";
    private static final String THING = "the snapshot holds an object of p.Thing (defined by the plugin's class loader "
            + LOADER + ") at ";

    @TempDir
    static Path dir;

    private static Path thingJar;
    private static Path childJar;
    private static PluginClassLoader plugin;
    private static Object thing;

    /** An application type, as a host's own snapshot classes are. */
    record Holder(String label, Object value) {
    }

    record Point(long x, long y, List<Long> tags, int[] weights) {
    }

    static final class Link {
        Link next;
        Object value;
    }

    @BeforeAll
    static void loadPlugin() throws Exception {
        thingJar = PluginJar.named("thing-1.0.0.jar")
                .source("p.Thing", "package p;\n"
                        + "public class Thing {\n"
                        + "    public final String name = \"thing\";\n"
                        + "    public java.util.function.Supplier<String> supplier() { return () -> \"constant\"; }\n"
                        + "    public java.util.Comparator<String> comparator() { return (a, b) -> b.compareTo(a); }\n"
                        + "    public java.lang.reflect.InvocationHandler handler() { return (p, m, a) -> null; }\n"
                        + "    public RuntimeException failure() { return new IllegalStateException(\"boom\"); }\n"
                        + "}\n")
                .writeTo(dir);
        childJar = PluginJar.named("child.jar")
                .source("q.Child", "package q; public class Child { public final Object value = null; }")
                .writeTo(dir);
        plugin = pluginLoader(LOADER);
        thing = plugin.loadClass("p.Thing").getConstructor().newInstance();
    }

    @AfterAll
    static void closePlugin() throws Exception {
        thing = null;
        plugin.close();
    }

    private static PluginClassLoader pluginLoader(String name) {
        return new PluginClassLoader(name, thingJar, SnapshotCheckTest.class.getClassLoader(), Set.of());
    }

    private static String problem(Object snapshot) {
        return SnapshotCheck.problem(snapshot, plugin);
    }

    private static Object call(String method) throws Exception {
        return thing.getClass().getMethod(method).invoke(thing);
    }

    @Test
    void acceptsJdkValuesAndApplicationRecordsOfThem() {
        Map<String, List<Long>> map = new HashMap<>();
        map.put("a", List.of(1L, 2L));
        map.put(null, null);
        Object[] nested = {new long[] {1, 2}, new Object[] {"a", new int[0][], new Object[] {BigDecimal.ONE}}};

        assertThat(problem(null)).isNull();
        assertThat(problem(42L)).isNull();
        assertThat(problem("text")).isNull();
        assertThat(problem(map)).isNull();
        assertThat(problem(new Point(1, 2, List.of(3L), new int[] {4}))).isNull();
        assertThat(problem(new Holder("h", Map.of(Instant.EPOCH, Optional.of("x"))))).isNull();
        assertThat(problem(nested)).isNull();
        assertThat(problem(new AtomicReference<>(List.of("x")))).isNull();
        assertThat(problem(new IllegalStateException("made by the application"))).isNull();
        assertThat(problem(List.of(String.class, Holder.class, getClass().getClassLoader()))).isNull();
    }

    @Test
    void endsOnCycles() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        Link link = new Link();
        link.next = link;
        link.value = new Object[] {link, list, map};

        assertThat(problem(list)).isNull();
        assertThat(problem(map)).isNull();
        assertThat(problem(link)).isNull();
    }

    @Test
    void acceptsClassesOfALoaderThatIsNoPlugins() throws Exception {
        try (URLClassLoader other = new URLClassLoader("other", new URL[] {childJar.toUri().toURL()},
                getClass().getClassLoader())) {
            Object child = other.loadClass("q.Child").getConstructor().newInstance();
            assertThat(problem(List.of(child))).isNull();
        }
    }

    @Test
    void refusesAPluginObjectNamingItsClassItsLoaderAndItsPath() {
        assertThat(problem(thing)).isEqualTo(THING + "snapshot");
        assertThat(problem(Map.of("a", List.of(1L, 2L, new Holder("h", thing)))))
                .isEqualTo(THING + "snapshot.get(\"a\")[2].value");
    }

    static Stream<Arguments> containers() {
        Map<Object, Object> underComplexKey = new HashMap<>();
        underComplexKey.put(new Holder("key", 1L), thing);
        Link link = new Link();
        link.value = thing;
        Object captured = thing;
        Supplier<Object> lambda = () -> captured;
        return Stream.of(
                Arguments.of("a list", List.of("x", thing), "snapshot[1]"),
                Arguments.of("a set", Set.of(thing), "snapshot[0]"),
                Arguments.of("a map key", Map.of(thing, "v"), "snapshot.keySet()[0]"),
                Arguments.of("a map value", Map.of("k", thing), "snapshot.get(\"k\")"),
                Arguments.of("a value under a complex key", underComplexKey, "snapshot.values()[0]"),
                Arguments.of("an entry", Map.entry("k", thing), "snapshot.getValue()"),
                Arguments.of("an optional", Optional.of(thing), "snapshot.get()"),
                Arguments.of("an atomic reference", new AtomicReference<>(thing), "snapshot.get()"),
                Arguments.of("an atomic array", new AtomicReferenceArray<>(new Object[] {thing}), "snapshot[0]"),
                Arguments.of("a weak reference", new WeakReference<>(thing), "snapshot.get()"),
                Arguments.of("an array", new Object[] {"x", thing}, "snapshot[1]"),
                Arguments.of("a nested array", new Object[][] {{"x", thing}}, "snapshot[0][1]"),
                Arguments.of("an application record", new Holder("h", thing), "snapshot.value"),
                Arguments.of("an application class", link, "snapshot.value"),
                Arguments.of("an application list", applicationList(thing), "snapshot[0]"),
                Arguments.of("an application lambda", lambda, "snapshot.arg$1"),
                Arguments.of("a cycle", cycle(thing), "snapshot[0][1]"));
    }

    @ParameterizedTest(name = "in {0}")
    @MethodSource("containers")
    void refusesAPluginObjectInside(String container, Object snapshot, String path) {
        assertThat(problem(snapshot)).isEqualTo(THING + path);
    }

    @Test
    void refusesThePluginsClassesAndArraysOfThem() throws Exception {
        Class<?> type = thing.getClass();
        Class<?> arrayType = Array.newInstance(type, 0).getClass();
        String loader = " (defined by the plugin's class loader " + LOADER + ") at ";

        assertThat(problem(List.of(type))).isEqualTo("the snapshot holds the class p.Thing" + loader + "snapshot[0]");
        assertThat(problem(arrayType)).isEqualTo("the snapshot holds the class p.Thing[]" + loader + "snapshot");
        assertThat(problem(Array.newInstance(type, 0)))
                .isEqualTo("the snapshot holds an object of p.Thing[]" + loader + "snapshot");
        assertThat(problem(type.getMethod("supplier")))
                .isEqualTo("the snapshot holds a reflective handle on p.Thing.supplier" + loader + "snapshot");
        assertThat(problem(type.getModule())).isEqualTo("the snapshot holds the unnamed module" + loader + "snapshot");
        assertThat(problem(Optional.of(plugin)))
                .isEqualTo("the snapshot holds the plugin's class loader " + LOADER + " itself at snapshot.get()");
    }

    @Test
    void refusesALambdaOfThePlugin() throws Exception {
        assertThat(problem(call("supplier")))
                .startsWith("the snapshot holds an object of p.Thing$$Lambda")
                .endsWith(", a lambda or other hidden class, (defined by the plugin's class loader " + LOADER
                        + ") at snapshot");
    }

    @Test
    void refusesAComparatorOrAProxyHandlerOfThePlugin() throws Exception {
        @SuppressWarnings("unchecked")
        TreeMap<String, Long> sorted = new TreeMap<>((Comparator<String>) call("comparator"));
        sorted.put("a", 1L);
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Runnable.class}, (InvocationHandler) call("handler"));

        assertThat(problem(sorted)).startsWith("the snapshot holds an object of p.Thing$$Lambda")
                .endsWith(" at snapshot.comparator()");
        assertThat(problem(proxy)).startsWith("the snapshot holds an object of p.Thing$$Lambda")
                .endsWith(" at snapshot.invocationHandler");
    }

    @Test
    void refusesAnExceptionThrownThroughThePlugin() throws Exception {
        Object failure = call("failure");
        String holds = "the snapshot holds a java.lang.IllegalStateException whose stack trace runs through p.Thing"
                + " (defined by the plugin's class loader " + LOADER + ") at ";

        assertThat(problem(failure)).isEqualTo(holds + "snapshot");
        assertThat(problem(new RuntimeException("wrapped", (Throwable) failure)))
                .isEqualTo(holds + "snapshot.getCause()");
    }

    @Test
    void refusesAClassOfALoaderBelowThePlugins() throws Exception {
        try (URLClassLoader plain = new URLClassLoader("plain", new URL[] {thingJar.toUri().toURL()},
                getClass().getClassLoader());
             URLClassLoader child = new URLClassLoader("child", new URL[] {childJar.toUri().toURL()}, plain)) {
            Object object = child.loadClass("q.Child").getConstructor().newInstance();
            assertThat(SnapshotCheck.problem(List.of(object), plain)).isEqualTo("the snapshot holds an object of"
                    + " q.Child (defined by the class loader child, a descendant of the plugin's) at snapshot[0]");
        }
    }

    @Test
    void refusesAnObjectOfAnotherPlugin() throws Exception {
        try (PluginClassLoader other = pluginLoader("reload:other@2.0.0#2")) {
            Object object = other.loadClass("p.Thing").getConstructor().newInstance();
            assertThat(problem(new Holder("h", object))).isEqualTo("the snapshot holds an object of p.Thing"
                    + " (defined by the class loader reload:other@2.0.0#2 of another plugin) at snapshot.value");
        }
    }

    @Test
    void refusesASnapshotTooLargeToCheck() {
        List<String> list = List.of(new String("a"), new String("b"), new String("c"), new String("d"));

        assertThat(SnapshotCheck.problem(list, plugin, 5)).isNull();
        assertThat(SnapshotCheck.problem(list, plugin, 4))
                .isEqualTo("the snapshot is too large to check: it holds more than 4 objects");
    }

    @Test
    void refusesASnapshotItCannotWalk() {
        assertThat(problem(new Holder("h", failingList())))
                .isEqualTo("the snapshot could not be walked at snapshot.value: java.lang.IllegalStateException");
    }

    private static List<Object> applicationList(Object element) {
        List<Object> list = new ArrayList<>() {
        };
        list.add(element);
        return list;
    }

    private static List<Object> cycle(Object element) {
        List<Object> outer = new ArrayList<>();
        outer.add(List.of(outer, element));
        return outer;
    }

    private static List<Object> failingList() {
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                throw new IllegalStateException("cannot be read");
            }

            @Override
            public int size() {
                return 1;
            }
        };
    }
}
