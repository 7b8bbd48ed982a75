package dev.reload.runtime.verify;


import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds, before any class of a plugin jar is loaded, the links that would break when its code runs: the
 * {@code NoClassDefFoundError}, {@code NoSuchMethodError}, {@code NoSuchFieldError},
 * {@code IncompatibleClassChangeError} and {@code AbstractMethodError} that a plugin compiled against another
 * version of the application would otherwise throw in the middle of serving a call.
 *
 * <p>It reads the jar's bytecode and checks:
 * <ul>
 *   <li>every class, method and field the plugin's code names outside the jar (calls of every kind, field reads
 *       and writes, {@code new}, casts, {@code instanceof}, array creation, catch types, supertypes, constants, and
 *       the bootstrap methods and method handles of {@code invokedynamic}) exists in the application or the JDK
 *       with that exact name and descriptor, found the way the JVM resolves it: in the class, its superclasses and
 *       superinterfaces, including inherited default methods and static fields of interfaces; and that it is
 *       static exactly when the instruction expects it to be;</li>
 *   <li>every declared service implementation implements every abstract method of its interface as the
 *       application has it, itself, through a superclass in the jar or the application, or through a default
 *       method;</li>
 *   <li>every class file is one this JVM can load: valid, and not compiled for a newer Java (a multi-release jar is
 *       read as the running Java sees it).</li>
 * </ul>
 *
 * <p><b>Which missing classes are reported.</b> A library bundled in a plugin commonly refers to optional
 * dependencies it only uses when they are present, so a class that exists neither in the jar nor in the
 * application is reported only when it is used by a <em>service implementation class, one of its in-jar
 * superclasses, or a class nested in either</em> (inner, anonymous and local classes, whose code is part of the
 * same source). Every other class of the jar is checked only for members that are missing from application classes
 * that do exist. Members of a jar class are looked for through its hierarchy too, and reported only when that
 * hierarchy reaches into the application; references the jar resolves within itself are never reported.
 *
 * <p>Classes are looked up in the order the plugin class loader uses: JDK classes always from the JDK; the API,
 * SLF4J and the packages of the service interfaces from the application first; every other class from the jar
 * first. Access (private, package-private) is not checked, nor are types that only occur in descriptors, which the
 * JVM does not resolve when it links a call.
 *
 * <p>Application and JDK classes are read from their class files, never loaded through the plugin nor initialized,
 * and what is learnt about them is kept for the life of the verifier: create one per runtime. What a plugin's class
 * files refer to is kept too, by their exact bytes, for the last few checks ({@link ParsedClasses}): a new version
 * that bundles the same libraries reads only the classes that changed. Thread-safe.
 */
public final class LinkageVerifier {

    private final HostClasses host;
    private final ParsedClasses parsed = new ParsedClasses();

    /** @param host the application's class loader, the parent of every plugin class loader */
    public LinkageVerifier(ClassLoader host) {
        this.host = new HostClasses(Objects.requireNonNull(host, "host"));
    }

    /**
     * @param jar             the plugin jar; it is only read
     * @param implementations the service interfaces, as the application loaded them, to the binary names of the
     *                        implementation classes the jar declares for each
     * @return one plain-words problem per broken link, in the order found, each naming the plugin class, the member
     *         and its descriptor; at most 20, followed by {@code "and N more"} when there are more; empty when the
     *         jar links
     * @throws IOException if the jar cannot be read
     */
    public List<String> verify(Path jar, Map<Class<?>, Set<String>> implementations) throws IOException {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(implementations, "implementations");
        long check = parsed.begin();
        try {
            Problems problems = new Problems();
            return verify(JarClasses.read(jar, problems, parsed, check), implementations, problems);
        } finally {
            parsed.end(check);
        }
    }

    /**
     * Like {@link #verify(Path, Map)}, on class files already read from the jar, so that the jar is inflated once for
     * all the checks of a load.
     *
     * @param classFiles      the jar's {@code .class} entries by entry name, in the jar's order, as inflated from it
     * @param multiRelease    whether the jar's manifest says it is a multi-release jar
     * @param implementations as for {@link #verify(Path, Map)}
     * @return as for {@link #verify(Path, Map)}
     */
    public List<String> verify(Map<String, byte[]> classFiles, boolean multiRelease,
                               Map<Class<?>, Set<String>> implementations) {
        Objects.requireNonNull(classFiles, "classFiles");
        Objects.requireNonNull(implementations, "implementations");
        long check = parsed.begin();
        try {
            Problems problems = new Problems();
            return verify(JarClasses.read(classFiles, multiRelease, problems, parsed, check), implementations,
                    problems);
        } finally {
            parsed.end(check);
        }
    }

    private List<String> verify(Map<String, JarClass> classes, Map<Class<?>, Set<String>> implementations,
                                Problems problems) {
        Set<String> servicePackages = new HashSet<>();
        implementations.keySet().forEach(s -> servicePackages.add(s.getPackageName()));
        PluginClassView view = new PluginClassView(classes, host, servicePackages);

        new ImplementationCheck(view, host).check(implementations, problems);

        ReferenceCheck references = new ReferenceCheck(view, new MemberResolver(view, host.resolutions()), problems);
        Set<String> core = coreClasses(view, implementations);
        for (JarClass jarClass : view.jarClasses()) {
            // A jar class the loader takes from the application instead (a bundled copy of an API class) never runs.
            if (view.jarClass(jarClass.name()) == jarClass) {
                references.check(jarClass, core.contains(jarClass.name()) || core.contains(topLevel(jarClass)));
            }
        }
        return problems.list();
    }

    /** The implementation classes and their superclasses in the jar. */
    private static Set<String> coreClasses(PluginClassView view, Map<Class<?>, Set<String>> implementations) {
        Set<String> core = new HashSet<>();
        implementations.values().forEach(names -> names.forEach(binaryName -> {
            String name = binaryName.replace('.', '/');
            for (JarClass type = view.jarClass(name); type != null && core.add(type.name()); ) {
                type = type.model().superName() == null ? null : view.jarClass(type.model().superName());
            }
        }));
        return core;
    }

    /** The class whose source this one is nested in; before Java 11 there is no NestHost, only the name. */
    private static String topLevel(JarClass jarClass) {
        if (jarClass.nestHost() != null) {
            return jarClass.nestHost();
        }
        String name = jarClass.name();
        int dollar = name.indexOf('$', name.lastIndexOf('/') + 1);
        return dollar > 0 ? name.substring(0, dollar) : name;
    }
}
