package dev.reload.runtime.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Reads every class of a plugin jar, as the plugin's class loader would see them: a multi-release jar yields the
 * entries for the running Java version. Class files this JVM cannot load are reported and kept as unreadable, so
 * that references to them are not mistaken for references to missing classes.
 */
final class JarClasses {

    /** Class file major version of Java 1.0 to 1.1 is 45, so Java N is N + 44. */
    private static final int JAVA_FEATURE = Runtime.version().feature();
    private static final int NEWEST_LOADABLE = JAVA_FEATURE + 44;

    private JarClasses() {
    }

    /** @return the classes by internal name, in the order of the jar's entries */
    static Map<String, JarClass> read(Path jar, Problems problems) throws IOException {
        Map<String, JarClass> classes = new LinkedHashMap<>();
        int tooNew = 0;
        int newest = 0;
        String example = null;
        try (JarFile file = new JarFile(jar.toFile(), false, ZipFile.OPEN_READ, JarFile.runtimeVersion())) {
            Iterator<JarEntry> entries = file.versionedStream().iterator();
            while (entries.hasNext()) {
                JarEntry entry = entries.next();
                String path = entry.getName();
                if (!path.endsWith(".class") || path.startsWith("META-INF/") || path.endsWith("module-info.class")
                        || path.endsWith("package-info.class")) {
                    continue;
                }
                String name = path.substring(0, path.length() - ".class".length());
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                int major = bytes.length < 8 ? 0 : ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                if (major > NEWEST_LOADABLE) {
                    tooNew++;
                    if (major > newest) {
                        newest = major;
                        example = name;
                    }
                    classes.putIfAbsent(name, JarClass.unreadable(name));
                    continue;
                }
                try {
                    classes.putIfAbsent(name, ReferenceCollector.read(bytes));
                } catch (RuntimeException e) {
                    problems.add(Reference.dotted(name) + " is not a valid class file (" + e + ")");
                    classes.putIfAbsent(name, JarClass.unreadable(name));
                }
            }
        }
        if (tooNew > 0) {
            problems.add((tooNew == 1 ? Reference.dotted(example) + " needs" : tooNew + " classes, such as "
                    + Reference.dotted(example) + ", need") + " Java " + (newest - 44) + " (class file version "
                    + newest + "), but the application runs on Java " + JAVA_FEATURE);
        }
        return classes;
    }
}
