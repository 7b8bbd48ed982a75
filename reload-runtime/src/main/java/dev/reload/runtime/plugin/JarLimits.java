package dev.reload.runtime.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Bounds on what a plugin jar may expand to, so that a zip bomb is refused before it costs memory, disk or CPU.
 *
 * <p>Checked twice: on the sizes the central directory declares, before anything is read; and on the bytes the
 * entries really inflate to, once, on the private copy every later reader uses (the service scan, the linkage and
 * signature checks, the class loader), because a crafted entry can inflate past the size it declares.
 *
 * @param maxEntries   the most entries a jar may have
 * @param maxTotalSize the most bytes its entries may expand to, all together
 */
public record JarLimits(int maxEntries, long maxTotalSize) {

    /** The most class bytes {@link #inflate(Path, byte[], boolean)} keeps in memory for the linkage check. */
    public static final long MAX_KEPT_CLASS_BYTES = 64L * 1024 * 1024;

    /** @return why the jar's declared sizes are over the limits, or {@code null} */
    public String checkDeclared(JarFile jar) {
        int entries = 0;
        long total = 0;
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (++entries > maxEntries) {
                return tooManyEntries();
            }
            long size = entry.getSize();
            if (size < 0) {
                return "entry " + entry.getName() + " does not declare its size";
            }
            total += size;
            if (total > maxTotalSize) {
                return tooLarge();
            }
        }
        return null;
    }

    /**
     * Inflates every entry once, counting, and looks for {@code marker} in the class files on the way, so that a
     * later step that only matters when the marker is there can be skipped without reading the jar again, or done on
     * the class files that hold it.
     *
     * @param marker bytes to look for in the {@code .class} entries, or {@code null}
     * @return what was found
     * @throws IOException if the jar cannot be read
     */
    public Inflated inflate(Path jar, byte[] marker) throws IOException {
        return inflate(jar, marker, false);
    }

    /**
     * Like {@link #inflate(Path, byte[])}, and keeps the bytes of the {@code .class} entries it inflates, so that the
     * linkage check reads the jar in the same pass; unless they add up to more than {@value #MAX_KEPT_CLASS_BYTES}
     * bytes, when the check reads them itself rather than hold them all at once.
     *
     * @param keepClassFiles whether to keep the class files
     * @return what was found
     * @throws IOException if the jar cannot be read
     */
    public Inflated inflate(Path jar, byte[] marker, boolean keepClassFiles) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        boolean markerFound = false;
        long total = 0;
        long kept = 0;
        int entries = 0;
        Map<String, byte[]> classFiles = keepClassFiles ? new LinkedHashMap<>() : null;
        Map<String, byte[]> marked = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (++entries > maxEntries) {
                    return new Inflated(tooManyEntries(), markerFound);
                }
                long size = entry.getSize();
                if (size < 0) {
                    return new Inflated("entry " + entry.getName() + " does not declare its size", markerFound);
                }
                if (size > maxTotalSize - total) {
                    return new Inflated(tooLarge(), markerFound);
                }
                boolean classEntry = entry.getName().endsWith(".class");
                boolean search = marker != null && classEntry && size <= Integer.MAX_VALUE - 8;
                boolean keep = classFiles != null && classEntry && size <= MAX_KEPT_CLASS_BYTES - kept;
                if (classFiles != null && classEntry && !keep) {
                    classFiles = null;
                }
                byte[] content = search || keep ? new byte[(int) size] : null;
                long inflated = 0;
                try (InputStream in = file.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        if (inflated + n > size) {
                            return new Inflated("entry " + entry.getName() + " inflates past the " + size
                                    + " bytes it declares (a zip bomb?)", markerFound);
                        }
                        if (content != null) {
                            System.arraycopy(buffer, 0, content, (int) inflated, n);
                        }
                        inflated += n;
                        total += n;
                        if (total > maxTotalSize) {
                            return new Inflated(tooLarge(), markerFound);
                        }
                    }
                }
                if (search && contains(content, (int) inflated, marker)) {
                    markerFound = true;
                    marked.put(entry.getName(), inflated == content.length ? content
                            : Arrays.copyOf(content, (int) inflated));
                }
                if (keep) {
                    kept += inflated;
                    classFiles.put(entry.getName(), inflated == content.length ? content
                            : Arrays.copyOf(content, (int) inflated));
                }
            }
            return new Inflated(null, markerFound, classFiles, classFiles != null && file.isMultiRelease(), marked);
        }
    }

    private static boolean contains(byte[] data, int length, byte[] marker) {
        outer:
        for (int i = 0; i <= length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * @param problem      why the jar is over the limits, or {@code null}
     * @param markerFound  whether a class file holds the marker (as far as the jar was read)
     * @param classFiles   the {@code .class} entries by entry name, when they were kept, else {@code null}
     * @param multiRelease whether the jar's manifest says it is a multi-release jar, when class files were kept
     * @param markedClassFiles the class files that hold the marker, by entry name
     */
    public record Inflated(String problem, boolean markerFound, Map<String, byte[]> classFiles,
                           boolean multiRelease, Map<String, byte[]> markedClassFiles) {

        Inflated(String problem, boolean markerFound) {
            this(problem, markerFound, null, false, Map.of());
        }
    }

    private String tooManyEntries() {
        return "more than " + maxEntries + " entries (maxJarEntries=" + maxEntries + ")";
    }

    private String tooLarge() {
        return "its entries expand to more than " + maxTotalSize + " bytes (maxJarSize=" + maxTotalSize + ")";
    }
}
