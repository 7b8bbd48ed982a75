package dev.reload.runtime.plugin;

import dev.reload.api.Service;
import dev.reload.runtime.log.Slf4jNames;
import io.github.classgraph.AnnotationClassRef;
import io.github.classgraph.AnnotationInfo;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a plugin jar says it implements, read without loading any of its classes: the
 * {@code META-INF/services/<interface>} files, and the classes annotated {@link Service}, found with ClassGraph.
 *
 * <p>Service files for interfaces of the JDK, SLF4J or reload itself are a bundled library's business (a JDBC
 * driver, a logging provider), not services for the host, and are skipped.
 */
public final class ServiceDeclarations {

    private static final String SERVICES = "META-INF/services/";
    private static final List<String> LIBRARY_SPI_PREFIXES =
            List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", Slf4jNames.PACKAGE_PREFIX, "dev.reload.api.");

    /** Interface name to the implementation class names declared for it, in declaration order. */
    private final Map<String, Set<String>> implementations;
    /**
     * What every class file annotated {@code @Service} holds in its constant pool: the annotation's descriptor. A jar
     * none of whose class files holds it has no annotated class, and is not scanned for annotations, which in a JVM
     * that has not scanned yet costs about 100 ms, most of the agent's start with a few jars.
     */
    public static final byte[] ANNOTATION_MARKER = ("L" + Service.class.getName().replace('.', '/') + ";")
            .getBytes(StandardCharsets.US_ASCII);

    /** Where each declaration came from, for error messages. */
    private final Map<String, String> origins;

    private ServiceDeclarations(Map<String, Set<String>> implementations, Map<String, String> origins) {
        this.implementations = implementations;
        this.origins = origins;
    }

    /**
     * @param jar the plugin jar
     * @return its declarations, possibly none
     * @throws PluginRejectedException if the jar cannot be read
     */
    public static ServiceDeclarations read(Path jar) throws PluginRejectedException {
        return read(jar, true);
    }

    /**
     * @param jar         the plugin jar
     * @param annotations whether a class file of the jar may carry {@code @Service}; see {@link #ANNOTATION_MARKER}
     * @return its declarations, possibly none
     * @throws PluginRejectedException if the jar cannot be read
     */
    public static ServiceDeclarations read(Path jar, boolean annotations) throws PluginRejectedException {
        Map<String, Set<String>> implementations = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        readServiceFiles(jar, implementations, origins);
        if (annotations) {
            scanAnnotations(jar, implementations, origins);
        }
        return new ServiceDeclarations(implementations, origins);
    }

    /**
     * Like {@link #read(Path, boolean)}, after one pass over the jar has found the class files that may carry
     * {@code @Service}: those are read with ASM, and ClassGraph scans the jar only when they need more than their own
     * bytes to tell (see {@link ServiceAnnotations}).
     *
     * @param jar      the plugin jar
     * @param inflated what {@link JarLimits#inflate(Path, byte[], boolean)} found with {@link #ANNOTATION_MARKER}
     * @return its declarations, possibly none
     * @throws PluginRejectedException if the jar cannot be read
     */
    public static ServiceDeclarations read(Path jar, JarLimits.Inflated inflated) throws PluginRejectedException {
        Map<String, Set<String>> implementations = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        readServiceFiles(jar, implementations, origins);
        if (inflated.markerFound()) {
            Map<String, List<String>> annotated = annotatedWithoutScan(jar, inflated.markedClassFiles());
            if (annotated == null) {
                scanAnnotations(jar, implementations, origins);
            } else {
                annotated.forEach((type, services) -> declare(type, services, implementations, origins));
            }
        }
        return new ServiceDeclarations(implementations, origins);
    }

    private static Map<String, List<String>> annotatedWithoutScan(Path jar, Map<String, byte[]> marked)
            throws PluginRejectedException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return ServiceAnnotations.read(marked, new String(ANNOTATION_MARKER, StandardCharsets.US_ASCII),
                    type -> file.getEntry(type + ".class") != null, ServiceDeclarations::isLibrarySpi);
        } catch (IOException e) {
            throw new PluginRejectedException("cannot read the jar: " + describe(e), e);
        }
    }

    private static void declare(String type, List<String> services, Map<String, Set<String>> implementations,
                                Map<String, String> origins) {
        for (String service : services) {
            implementations.computeIfAbsent(service, k -> new LinkedHashSet<>()).add(type);
            origins.putIfAbsent(service + "=" + type, "@Service on " + type);
        }
    }

    private static void readServiceFiles(Path jar, Map<String, Set<String>> implementations,
                                         Map<String, String> origins) throws PluginRejectedException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(SERVICES) || name.length() == SERVICES.length()
                        || name.indexOf('/', SERVICES.length()) >= 0) {
                    continue;
                }
                String service = name.substring(SERVICES.length());
                if (isLibrarySpi(service)) {
                    continue;
                }
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        int hash = line.indexOf('#');
                        String impl = (hash >= 0 ? line.substring(0, hash) : line).trim();
                        if (!impl.isEmpty()) {
                            implementations.computeIfAbsent(service, k -> new LinkedHashSet<>()).add(impl);
                            origins.putIfAbsent(service + "=" + impl, name);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PluginRejectedException("cannot read the jar: " + describe(e), e);
        }
    }

    private static void scanAnnotations(Path jar, Map<String, Set<String>> implementations,
                                        Map<String, String> origins) throws PluginRejectedException {
        String annotation = Service.class.getName();
        try (ScanResult scan = new ClassGraph()
                .overrideClasspath(jar.toString())
                .enableClassInfo()
                .enableAnnotationInfo()
                .enableExternalClasses()
                .ignoreClassVisibility()
                .scan(1)) {
            for (ClassInfo type : scan.getClassesWithAnnotation(annotation)) {
                declare(type.getName(), declaredServices(type, type.getAnnotationInfo(annotation)), implementations,
                        origins);
            }
        } catch (RuntimeException e) {
            throw new PluginRejectedException("cannot scan the jar's classes: " + describe(e), e);
        }
    }

    private static List<String> declaredServices(ClassInfo type, AnnotationInfo info) {
        List<String> services = new ArrayList<>();
        Object value = info.getParameterValues().getValue("value");
        if (value instanceof Object[]) {
            for (Object ref : (Object[]) value) {
                if (ref instanceof AnnotationClassRef) {
                    services.add(((AnnotationClassRef) ref).getName());
                }
            }
        }
        if (services.isEmpty()) {
            for (String name : type.getInterfaces().getNames()) {
                if (!isLibrarySpi(name)) {
                    services.add(name);
                }
            }
        }
        return services;
    }

    private static boolean isLibrarySpi(String service) {
        for (String prefix : LIBRARY_SPI_PREFIXES) {
            if (service.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** @return interface name to implementation class names */
    public Map<String, Set<String>> implementations() {
        return implementations;
    }

    /** @return where a declaration came from: a service file's path in the jar, or the annotated class */
    public String origin(String service, String implementation) {
        return origins.getOrDefault(service + "=" + implementation, implementation);
    }
}
