package dev.reload.runtime.verify;

import dev.reload.testkit.PluginJar;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/** Fixtures for linkage tests: other versions of application classes, and class files javac would not write. */
final class TestJars {

    private TestJars() {
    }

    /** Another version of the application's {@link Inventory}, as a jar to compile plugins against. */
    static Path otherInventory(Path dir, String body) {
        return PluginJar.named("inventory-other.jar")
                .source("dev.reload.runtime.verify.Inventory",
                        "package dev.reload.runtime.verify;\npublic class Inventory {\n" + body + "\n}")
                .writeTo(dir);
    }

    /** Another version of the application's {@link Shelf}, as a jar to compile plugins against. */
    static Path otherShelf(Path dir, String body) {
        return PluginJar.named("shelf-other.jar")
                .source("dev.reload.runtime.verify.Shelf",
                        "package dev.reload.runtime.verify;\npublic interface Shelf {\n" + body + "\n}")
                .writeTo(dir);
    }

    /** @return the class files of the jar {@code builder} writes, by entry name */
    static Map<String, byte[]> classFiles(PluginJar builder) {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(builder.bytes()))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    classes.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    /**
     * Renames classes in a class file by replacing names with others of the same length, so that no constant
     * pool entry changes size: a fast way to turn one compiled template into many distinct classes.
     */
    static byte[] renamed(byte[] classFile, Map<String, String> sameLengthNames) {
        byte[] copy = classFile.clone();
        sameLengthNames.forEach((from, to) -> {
            byte[] target = from.getBytes(StandardCharsets.UTF_8);
            byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
            if (target.length != replacement.length) {
                throw new IllegalArgumentException(from + " and " + to + " differ in length");
            }
            for (int i = 0; i + target.length <= copy.length; i++) {
                if (Arrays.equals(copy, i, i + target.length, target, 0, target.length)) {
                    System.arraycopy(replacement, 0, copy, i, replacement.length);
                }
            }
        });
        return copy;
    }

    /** A public class with a public static {@code run()V} whose code {@code body} writes, before its return. */
    static byte[] generatedClass(String internalName, int version, Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        run.visitCode();
        body.accept(run);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
