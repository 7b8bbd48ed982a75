package dev.reload.agent.it;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent jar puts on the application's class path. Reload's own classes, and every library it needs relocated
 * under {@code dev.reload.shaded}: a class the jar held under a library's own name would be found before the
 * application's copy by any class loader that asks its parent first, as a Spring Boot executable jar's does. JNA is
 * the one library that cannot be relocated (its native library binds to its own names): it lies under
 * {@code META-INF/reload/jna/}, where no class loader reads it as classes (see {@code CallGateIT}).
 */
class AgentJarIT {

    private static final Pattern OWN_OR_RELOCATED = Pattern.compile("dev/reload/(api|runtime|agent|shaded)/.+");
    private static final Pattern OWN = Pattern.compile("dev/reload/(api|runtime|agent)/.+\\.class");
    private static final Pattern LICENSE = Pattern.compile("(META-INF/)?(licenses/)?[^/]*(LICENSE|NOTICE|ASM)[^/]*"
            + "|licenses/[^/]*\\.license\\.TXT|licenses/[^/]*\\.TXT");
    /** Service declarations of relocated libraries, under their relocated names: Maven Resolver's, for the fleet. */
    private static final Pattern RELOCATED_SERVICE = Pattern.compile("META-INF/services/dev\\.reload\\.shaded\\..+");
    /** JNA's classes and its libraries for Linux, which only the runtime's own class loader of JNA reads. */
    private static final Pattern ISOLATED_JNA =
            Pattern.compile("META-INF/reload/jna/com/sun/jna/(.+\\.class|linux-[a-z0-9-]+/libjnidispatch\\.so)");

    @Test
    void everyClassIsReloadsOwnOrALibraryRelocatedUnderDevReloadShaded() {
        assertThat(entries()).filteredOn(name -> name.endsWith(".class"))
                .isNotEmpty()
                .allMatch(name -> OWN_OR_RELOCATED.matcher(name).matches() || ISOLATED_JNA.matcher(name).matches());
    }

    @Test
    void besideItsClassesItHoldsOnlyItsManifestServiceDeclarationsLicensesAndJnaApart() {
        assertThat(entries()).filteredOn(name -> !name.endsWith("/") && !OWN_OR_RELOCATED.matcher(name).matches())
                .allMatch(name -> name.equals("META-INF/MANIFEST.MF")
                        || name.equals("META-INF/services/dev.reload.api.spi.ReloadBackend")
                        || ISOLATED_JNA.matcher(name).matches()
                        || RELOCATED_SERVICE.matcher(name).matches()
                        || LICENSE.matcher(name).matches());
    }

    /**
     * Relocation rewrites string constants that start with a relocated package, such as {@code "org.slf4j."}: in
     * reload's own code such a constant names the application's copy, and must be left as it is.
     */
    @Test
    void relocatingTheLibrariesRewroteNoStringConstantOfReloadsOwnClasses() throws IOException {
        List<Path> unshaded = List.of(path("reload.it.api-jar"), path("reload.it.runtime-jar"),
                path("reload.it.agent-classes"));
        int compared = 0;
        try (JarFile agent = new JarFile(Host.agentJar().toFile())) {
            for (JarEntry entry : agent.stream().toList()) {
                if (!OWN.matcher(entry.getName()).matches()) {
                    continue;
                }
                try (InputStream in = agent.getInputStream(entry)) {
                    assertThat(stringConstants(in.readAllBytes())).as(entry.getName())
                            .isEqualTo(stringConstants(unshaded(unshaded, entry.getName())));
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    private static List<String> entries() {
        try (JarFile agent = new JarFile(Host.agentJar().toFile())) {
            return agent.stream().map(JarEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the class file as the module that compiled it holds it, before shading */
    private static byte[] unshaded(List<Path> roots, String name) throws IOException {
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                Path file = root.resolve(name);
                if (Files.exists(file)) {
                    return Files.readAllBytes(file);
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    JarEntry entry = jar.getJarEntry(name);
                    if (entry != null) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            return in.readAllBytes();
                        }
                    }
                }
            }
        }
        throw new AssertionError(name + " is in the agent jar but in none of " + roots);
    }

    /** @return the strings a class loads as constants: {@code ldc} operands and constant field values */
    private static Set<String> stringConstants(byte[] classFile) {
        Set<String> strings = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                           Object value) {
                if (value instanceof String string) {
                    strings.add(string);
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String string) {
                            strings.add(string);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return strings;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException(property + " is " + value + ": run the integration tests with 'mvn "
                    + "verify', which passes it");
        }
        return Path.of(value);
    }
}
