package dev.reload.runtime.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
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
    private static final String VERSIONS = "META-INF/versions/";

    private JarClasses() {
    }

    /** @return the classes by internal name, in the order of the jar's entries */
    static Map<String, JarClass> read(Path jar, Problems problems, ParsedClasses parsed, long check)
            throws IOException {
        Reader reader = new Reader(problems, parsed, check);
        try (JarFile file = new JarFile(jar.toFile(), false, ZipFile.OPEN_READ, JarFile.runtimeVersion())) {
            Iterator<JarEntry> entries = file.versionedStream().iterator();
            while (entries.hasNext()) {
                JarEntry entry = entries.next();
                if (isClass(entry.getName())) {
                    try (InputStream in = file.getInputStream(entry)) {
                        reader.add(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return reader.classes();
    }

    /**
     * Like {@link #read(Path, Problems, ParsedClasses, long)}, from class entries already inflated: each class as
     * {@link JarFile#versionedStream()} would give it, the highest version up to the running Java's in a multi-release
     * jar, else the base entry.
     *
     * @param entries      the jar's {@code .class} entries by entry name, in the jar's order
     * @param multiRelease whether the jar's manifest says it is a multi-release jar
     */
    static Map<String, JarClass> read(Map<String, byte[]> entries, boolean multiRelease, Problems problems,
                                      ParsedClasses parsed, long check) {
        Map<String, byte[]> chosen = new LinkedHashMap<>();
        Map<String, Integer> versions = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            String path = entry.getKey();
            int version = 0;
            if (path.startsWith(VERSIONS)) {
                int slash = path.indexOf('/', VERSIONS.length());
                version = multiRelease && slash > 0 ? versionOf(path.substring(VERSIONS.length(), slash)) : -1;
                if (version < 9 || version > JAVA_FEATURE) {
                    continue;
                }
                path = path.substring(slash + 1);
            }
            Integer seen = versions.get(path);
            if (seen == null || version > seen) {
                chosen.put(path, entry.getValue());
                versions.put(path, version);
            }
        }
        Reader reader = new Reader(problems, parsed, check);
        chosen.forEach((path, bytes) -> {
            if (isClass(path)) {
                reader.add(path, bytes);
            }
        });
        return reader.classes();
    }

    private static boolean isClass(String path) {
        return path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class");
    }

    private static int versionOf(String directory) {
        try {
            return Integer.parseInt(directory);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads class files one by one, and says once how many need a newer Java. */
    private static final class Reader {
        private final Map<String, JarClass> classes = new LinkedHashMap<>();
        private final Problems problems;
        private final ParsedClasses parsed;
        private final long check;
        private int tooNew;
        private int newest;
        private String example;

        Reader(Problems problems, ParsedClasses parsed, long check) {
            this.problems = problems;
            this.parsed = parsed;
            this.check = check;
        }

        void add(String path, byte[] bytes) {
            String name = path.substring(0, path.length() - ".class".length());
            int major = bytes.length < 8 ? 0 : ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
            if (major > NEWEST_LOADABLE) {
                tooNew++;
                if (major > newest) {
                    newest = major;
                    example = name;
                }
                classes.putIfAbsent(name, JarClass.unreadable(name));
                return;
            }
            try {
                classes.putIfAbsent(name, parsed.read(bytes, check));
            } catch (RuntimeException e) {
                problems.add(Reference.dotted(name) + " is not a valid class file (" + e + ")");
                classes.putIfAbsent(name, JarClass.unreadable(name));
            }
        }

        Map<String, JarClass> classes() {
            if (tooNew > 0) {
                problems.add((tooNew == 1 ? Reference.dotted(example) + " needs" : tooNew + " classes, such as "
                        + Reference.dotted(example) + ", need") + " Java " + (newest - 44) + " (class file version "
                        + newest + "), but the application runs on Java " + JAVA_FEATURE);
            }
            return classes;
        }
    }
}
