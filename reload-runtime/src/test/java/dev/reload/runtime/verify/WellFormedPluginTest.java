package dev.reload.runtime.verify;

import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** No false positives: everything javac emits for ordinary Java must link. */
class WellFormedPluginTest {

    private static final String IMPL = """
            package p;

            import dev.reload.runtime.verify.Inventory;
            import dev.reload.runtime.verify.Shelf;
            import dev.reload.runtime.verify.ShelfBase;
            import java.io.IOException;
            import java.io.StringReader;
            import java.io.BufferedReader;
            import java.lang.invoke.MethodHandle;
            import java.lang.invoke.MethodHandles;
            import java.lang.invoke.MethodType;
            import java.lang.invoke.VarHandle;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.function.*;
            import java.util.stream.*;

            public class Impl implements Shelf, Comparator<String> {

                enum Size { SMALL, LARGE; Size flip() { return this == SMALL ? LARGE : SMALL; } }

                enum Op {
                    PLUS { int apply(int a, int b) { return a + b; } },
                    TIMES { int apply(int a, int b) { return a * b; } };
                    abstract int apply(int a, int b);
                }

                record Item(String name, int count) implements Comparable<Item> {
                    Item {
                        Objects.requireNonNull(name);
                    }
                    public int compareTo(Item other) { return Integer.compare(count, other.count); }
                }

                interface Named {
                    List<String> NAMES = List.of("a", "b");
                    String name();
                    default String shout() { return decorate(name().toUpperCase(Locale.ROOT)); }
                    private String decorate(String s) { return "!" + s; }
                    static Named of(String n) { return () -> n; }
                }

                static final class Box implements Named {
                    public String name() { return "box" + NAMES.size(); }
                }

                final class Inner {
                    int twice() { return count() * 2; }
                }

                static class Names extends ArrayList<String> {
                }

                static class Store extends Inventory {
                    String first() { return find("a", 1) + owner + size() + capacity; }
                }

                static class Failure extends RuntimeException {
                    Failure(String message, Throwable cause) { super(message, cause); }
                }

                private static final VarHandle COUNTER;

                static {
                    try {
                        COUNTER = MethodHandles.lookup().findVarHandle(Impl.class, "counter", int.class);
                    } catch (ReflectiveOperationException e) {
                        throw new ExceptionInInitializerError(e);
                    }
                }

                private volatile int counter;

                @Override
                public String label(String item) {
                    List<String> names = new ArrayList<>(List.of(item, "b"));
                    Map<String, Integer> counts = new HashMap<>();
                    names.forEach(n -> counts.merge(n, 1, Integer::sum));
                    String joined = names.stream().map(String::trim).filter(s -> !s.isEmpty()).sorted(this)
                            .collect(Collectors.joining(","));
                    int[] numbers = {3, 1, 2};
                    int[] copy = numbers.clone();
                    Arrays.sort(copy);
                    String[][] grid = new String[2][3];
                    String[] row = grid[0].clone();
                    Object[] objects = names.toArray();
                    Names more = new Names();
                    more.add("x");
                    String text = joined + more.toString() + more.size() + more.stream().count() + row.length;
                    Size size = Size.valueOf("SMALL").flip();
                    switch (size) {
                        case SMALL -> text += "s";
                        case LARGE -> text += "l";
                    }
                    switch (item) {
                        case "a": text += 1; break;
                        case "b": text += 2; break;
                        default: break;
                    }
                    text += Op.PLUS.apply(1, 2) + Op.values().length + Size.values()[0].ordinal();
                    Item record = new Item(item, 2);
                    text += record + "" + record.equals(new Item(item, 2)) + record.hashCode() + record.name();
                    Box box = new Box();
                    text += box.shout() + new Inner().twice() + Box.NAMES + Named.of("n").shout();
                    Object o = box;
                    if (o instanceof Named named) {
                        text += named.name() + named.toString();
                    }
                    Supplier<Item> factory = () -> new Item("z", 0);
                    Function<String, Integer> length = String::length;
                    BiFunction<String, Integer, Item> constructor = Item::new;
                    IntFunction<String[]> arrays = String[]::new;
                    Runnable clear = new Runnable() {
                        @Override
                        public void run() { counts.clear(); }
                    };
                    clear.run();
                    try {
                        MethodHandle handle = MethodHandles.lookup().findVirtual(String.class, "length",
                                MethodType.methodType(int.class));
                        int measured = (int) handle.invokeExact(item);
                        COUNTER.compareAndSet(this, 0, 1);
                        int value = (int) COUNTER.get(this);
                        text += measured + value;
                    } catch (Throwable t) {
                        throw new Failure("no handle", t);
                    }
                    try (BufferedReader reader = new BufferedReader(new StringReader("line"))) {
                        text += reader.readLine();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    CompletableFuture<String> future = CompletableFuture.supplyAsync(() -> "f");
                    text += future.join();
                    Optional<String> maybe = names.stream().findFirst();
                    text += maybe.orElse("none") + factory.get() + length.apply("abc") + constructor.apply("q", 1)
                            + arrays.apply(2).length;
                    StringBuilder sb = new StringBuilder().append(text).append(grid.length).append(objects.length);
                    synchronized (this) {
                        sb.append(names.iterator().hasNext());
                    }
                    List<Item> items = new ArrayList<>();
                    items.add(record);
                    Collections.sort(items);
                    sb.append(this.reversed().compare("a", "b"));
                    sb.append(new ConcurrentHashMap<String, String>().getOrDefault("k", "v"));
                    sb.append(new TreeMap<String, String>().entrySet().stream().count());
                    Map<String, Integer> linked = new LinkedHashMap<>();
                    linked.putIfAbsent("a", 1);
                    Iterable<String> iterable = names;
                    iterable.forEach(sb::append);
                    for (var entry : linked.entrySet()) {
                        sb.append(entry.getKey()).append(entry.getValue());
                    }
                    assert sb.length() > 0;
                    long total = IntStream.range(0, 3).mapToLong(i -> i).sum();
                    return sb + String.format("%d", total) + Math.max(1, 2) + Integer.valueOf(4).hashCode()
                            + Shelf.KINDS + Impl.KINDS + ShelfBase.KINDS + Store.capacity + new Store().first()
                            + Inventory.open().find("z", 1) + Shelf.class.getName() + Thread.currentThread().getName()
                            + Comparator.<String>naturalOrder().compare("a", "b") + Size.class + int[].class;
                }

                @Override
                public int count() {
                    return Arrays.asList(Size.values()).size();
                }

                @Override
                public int compare(String a, String b) {
                    return a.compareTo(b);
                }

                @Override
                public String describe() {
                    return Shelf.super.describe() + "!";
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void reportsNothingForAPluginUsingTheJdkAndTheApplicationTheWayJavacCompilesThem() throws IOException {
        Path jar = PluginJar.named("plugin-1.0.0.jar").classpath(Shelf.class)
                .source("p.Impl", IMPL)
                .source("p.Base", "package p; public class Base extends dev.reload.runtime.verify.ShelfBase {"
                        + " public String label(String item) { return item + count() + toString() + hashCode(); } }")
                .source("p.Sub", "package p; public class Sub extends Base {"
                        + " public String label(String item) { return super.label(item) + describe(); } }")
                .service(Shelf.class, "p.Impl", "p.Sub")
                .writeTo(dir);

        LinkageVerifier verifier = new LinkageVerifier(getClass().getClassLoader());

        assertThat(verifier.verify(jar, Map.of(Shelf.class, Set.of("p.Impl", "p.Sub")))).isEmpty();
    }
}
