package dev.reload.bench.engine;

import dev.reload.bench.subject.Scorer;
import dev.reload.bench.subject.ScorerClasses;
import dev.reload.testkit.PluginJar;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FixedValue;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real plugin jars of {@link Scorer}: version {@code n} is the class {@code plugin.ScorerV<n>} answering
 * {@code x + n}, so the value a call returns names the version that served it. A jar can carry any number of
 * library classes besides, which the runtime scans but never loads, as a large plugin's jar does.
 */
public final class ScorerPlugins {

    /** Library classes of a large plugin; the same for every version, so built once. */
    private static final Map<Integer, Map<String, byte[]>> LIBRARIES = new LinkedHashMap<>();

    private ScorerPlugins() {
    }

    /**
     * @param id         the plugin id
     * @param version    the version number {@code n}: the jar is version {@code 1.0.<n>} and answers {@code x + n}
     * @param classes    how many classes the jar holds in all, at least 1
     * @param marks      whether the implementation calls {@link SwapMarks}
     * @return the jar's bytes
     */
    public static byte[] jar(String id, int version, int classes, boolean marks) {
        String implementation = "plugin.ScorerV" + version;
        PluginJar jar = PluginJar.named(id + "-1.0." + version + ".jar")
                .id(id)
                .version("1.0." + version)
                .entry(implementation.replace('.', '/') + ".class", ScorerClasses.classFile(implementation, version,
                        marks ? hook("initialized") : null, marks ? hook("constructed") : null))
                .service(Scorer.class, implementation);
        library(classes - 1).forEach(jar::entry);
        return jar.bytes();
    }

    /**
     * The class files of version {@code n} as a compiler writes them to its output directory: the library classes
     * first, the implementation {@code plugin.ScorerV<n>} last.
     *
     * @param classes how many classes in all, at least 1
     * @return each class file's path relative to the output directory, and its bytes, in writing order
     */
    public static Map<String, byte[]> classFiles(int version, int classes, boolean marks) {
        String implementation = "plugin.ScorerV" + version;
        Map<String, byte[]> files = new LinkedHashMap<>(library(classes - 1));
        files.put(implementation.replace('.', '/') + ".class", ScorerClasses.classFile(implementation, version,
                marks ? hook("initialized") : null, marks ? hook("constructed") : null));
        return files;
    }

    /** A one-class jar of version {@code 1.0.<n>} declaring its implementation with {@code @Service} alone. */
    public static byte[] annotatedJar(String id, int version) {
        String implementation = "plugin.ScorerV" + version;
        return PluginJar.named(id + "-1.0." + version + ".jar")
                .id(id)
                .version("1.0." + version)
                .entry(implementation.replace('.', '/') + ".class",
                        ScorerClasses.annotatedClassFile(implementation, version))
                .bytes();
    }

    private static synchronized Map<String, byte[]> library(int count) {
        return LIBRARIES.computeIfAbsent(count, n -> {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = String.format("plugin.library.p%02d.Component%04d", i / 100, i);
                classes.put(name.replace('.', '/') + ".class", libraryClass(name, i));
            }
            return classes;
        });
    }

    /** A class of roughly the size of an ordinary one: a few fields, a few methods, some constants. */
    private static byte[] libraryClass(String name, int i) {
        DynamicType.Builder<Object> builder = new ByteBuddy()
                .subclass(Object.class)
                .name(name)
                .modifiers(Visibility.PUBLIC)
                .defineField("count", long.class, Visibility.PRIVATE)
                .defineField("label", String.class, Visibility.PRIVATE)
                .defineField("next", Object.class, Visibility.PRIVATE);
        for (int m = 0; m < 6; m++) {
            builder = builder.defineMethod("operation" + m, String.class, Visibility.PUBLIC)
                    .withParameters(int.class, String.class)
                    .intercept(FixedValue.value("component " + i + " operation " + m + " result"));
        }
        return builder.make().getBytes();
    }

    private static Method hook(String name) {
        try {
            return SwapMarks.class.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
