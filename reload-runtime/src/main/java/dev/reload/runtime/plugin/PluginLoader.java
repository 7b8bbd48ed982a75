package dev.reload.runtime.plugin;

import dev.reload.api.PluginContext;
import dev.reload.runtime.proxy.VersionGate;
import dev.reload.runtime.trust.SignatureCheck;
import dev.reload.runtime.verify.LinkageVerifier;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a plugin jar into a {@link LoadedPlugin}, in full, or refuses it with a reason. Nothing it does is visible to
 * callers: routing to the result is the engine's step.
 *
 * <p>It loads from a private copy of the jar, so that a jar overwritten in place or deleted later can never change
 * the classes of a version that is already serving.
 */
public final class PluginLoader {

    /** Read once per load: a load started before the application's class loader changed finishes against the old. */
    private volatile Host host;
    private final Path copies;
    private final JarLimits limits;
    private final SignatureCheck signatures;
    private final Path dataRoot;
    private final AtomicLong loads = new AtomicLong();

    /**
     * @param host       the application's class loader: service interfaces are taken from it
     * @param copies     a private directory for copies of the jars
     * @param limits     what a jar may expand to, checked on the copy before anything else reads it
     * @param signatures the signature check every jar must pass, or {@code null} for none
     * @param linkage    the linkage check every jar must pass before its classes load, or {@code null} for none
     * @param dataRoot   where each plugin's data directory is, as {@code <dataRoot>/<plugin id>}
     */
    public PluginLoader(ClassLoader host, Path copies, JarLimits limits, SignatureCheck signatures,
                        LinkageVerifier linkage, Path dataRoot) {
        this.host = new Host(host, linkage);
        this.copies = copies;
        this.limits = limits;
        this.signatures = signatures;
        this.dataRoot = dataRoot;
    }

    /**
     * Loads later versions against another application class loader: the application's classes turned out to live
     * in a loader other than the one the runtime started with.
     *
     * @param host    the application's class loader
     * @param linkage the linkage check against it, or {@code null} for none
     */
    public void useHost(ClassLoader host, LinkageVerifier linkage) {
        this.host = new Host(host, linkage);
    }

    /** @return the application's class loader that loads use now */
    public ClassLoader host() {
        return host.loader();
    }

    private record Host(ClassLoader loader, LinkageVerifier linkage) {
    }

    /**
     * @param jar         the jar in the plugins directory
     * @param coordinates its id and version
     * @param config      the plugin's configuration, for the instances' {@code PluginContext}
     * @return the loaded version
     * @throws PluginRejectedException with the reason the jar cannot serve
     */
    public LoadedPlugin load(Path jar, PluginCoordinates coordinates, PluginConfig config)
            throws PluginRejectedException {
        return load(jar, jar, coordinates, config);
    }

    /**
     * Loads like {@link #load(Path, PluginCoordinates, PluginConfig)}, from a jar other than the file the version is
     * known by: the snapshot of an exploded plugin's directory.
     *
     * @param jar         the file in the plugins directory the version is known by
     * @param content     the jar to copy and load
     * @param coordinates its id and version
     * @param config      the plugin's configuration, for the instances' {@code PluginContext}
     * @return the loaded version
     * @throws PluginRejectedException with the reason the jar cannot serve
     */
    public LoadedPlugin load(Path jar, Path content, PluginCoordinates coordinates, PluginConfig config)
            throws PluginRejectedException {
        Host host = this.host;
        long generation = loads.incrementAndGet();
        Path copy = copies.resolve(coordinates.id() + "-" + coordinates.version() + "-" + generation + ".jar");
        try {
            Files.copy(content, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new PluginRejectedException("the file disappeared while it was being read");
        } catch (IOException e) {
            throw new PluginRejectedException("cannot read the file: " + ServiceDeclarations.describe(e), e);
        }
        PluginClassLoader loader = null;
        List<Object> created = new ArrayList<>();
        try {
            JarLimits.Inflated inflated;
            try {
                // One pass over the jar for the limits, the annotation marker and the linkage check's class files.
                inflated = limits.inflate(copy, ServiceDeclarations.ANNOTATION_MARKER, host.linkage() != null);
            } catch (IOException e) {
                throw new PluginRejectedException("not a valid jar (zip) file: " + e.getMessage(), e);
            }
            if (inflated.problem() != null) {
                throw new PluginRejectedException(inflated.problem());
            }
            // The copy is what loads, so the copy is what must carry the signature.
            String unsigned = signatures == null ? null : signatures.problem(copy).orElse(null);
            if (unsigned != null) {
                throw new PluginRejectedException(unsigned);
            }
            ServiceDeclarations declarations = ServiceDeclarations.read(copy, inflated);
            boolean contextLoaderPerCall = ContextClassLoader.askedForEveryCall(copy);
            Map<Class<?>, Set<String>> wanted = resolveServices(declarations, host.loader());
            verifyLinkage(copy, inflated, wanted, host.linkage());
            Set<String> packages = new HashSet<>();
            wanted.keySet().forEach(service -> packages.add(PluginClassLoader.packageOf(service.getName())));
            loader = new PluginClassLoader("reload:" + coordinates.id() + "@" + coordinates.version() + "#"
                    + generation, copy, host.loader(), packages);
            PluginCode code = new PluginCode(coordinates, jar, generation, copy, loader, wanted, declarations,
                    contextLoaderPerCall);
            code.use();
            // Before any implementation: a static initializer or constructor may already ask DriverManager.
            DeclaredDrivers.register(code);
            Map<Class<?>, Object> services = instantiate(code, context(coordinates, config), created);
            return new LoadedPlugin(code, config, services, new VersionGate());
        } catch (PluginRejectedException | RuntimeException | LinkageError e) {
            discard(coordinates, created, loader, copy);
            PluginRejectedException rejected = e instanceof PluginRejectedException
                    ? (PluginRejectedException) e : new PluginRejectedException(ServiceDeclarations.describe(e), e);
            throw rejected.released(loader);
        }
    }

    /**
     * Creates new instances of a loaded version with another configuration, in the same class loader.
     *
     * @param current the version whose classes to instantiate again
     * @param config  the new configuration
     * @return the new instances, with a gate of their own
     * @throws PluginRejectedException if a constructor refuses the configuration, or the version was released
     */
    public LoadedPlugin reconfigure(LoadedPlugin current, PluginConfig config) throws PluginRejectedException {
        PluginCode code = current.code();
        if (!code.use()) {
            throw new PluginRejectedException(current + " was retired meanwhile");
        }
        List<Object> created = new ArrayList<>();
        try {
            Map<Class<?>, Object> services = instantiate(code, context(code.coordinates, config), created);
            return new LoadedPlugin(code, config, services, new VersionGate());
        } catch (PluginRejectedException | RuntimeException | LinkageError e) {
            closeAll(created, code.loader);
            code.release();
            if (e instanceof PluginRejectedException) {
                throw (PluginRejectedException) e;
            }
            throw new PluginRejectedException(ServiceDeclarations.describe(e), e);
        }
    }

    private RuntimePluginContext context(PluginCoordinates coordinates, PluginConfig config) {
        return new RuntimePluginContext(coordinates.id(), coordinates.version().toString(), config.entries(),
                dataRoot.resolve(coordinates.id()));
    }

    /**
     * Refuses, before any of its classes loads, a jar that would fail later with a NoSuchMethodError,
     * NoSuchFieldError or AbstractMethodError in the middle of a call.
     */
    private static void verifyLinkage(Path copy, JarLimits.Inflated inflated, Map<Class<?>, Set<String>> wanted,
                                      LinkageVerifier linkage) throws PluginRejectedException {
        if (linkage == null) {
            return;
        }
        List<String> problems;
        try {
            problems = inflated.classFiles() != null
                    ? linkage.verify(inflated.classFiles(), inflated.multiRelease(), wanted)
                    : linkage.verify(copy, wanted);
        } catch (IOException e) {
            throw new PluginRejectedException("cannot read the jar to verify its linkage: "
                    + ServiceDeclarations.describe(e), e);
        }
        if (problems.isEmpty()) {
            return;
        }
        // A declared class that is missing, implements nothing it should or needs a newer Java is refused with or
        // without the check, so the option is named only when turning it off would change the outcome.
        boolean onlyDeclarations = problems.stream().allMatch(p -> p.contains("declared as an implementation of")
                || p.contains("class file version"));
        throw new PluginRejectedException((onlyDeclarations ? "" : "it does not link against this application: ")
                + String.join("; ", problems) + (onlyDeclarations ? "" : " (verifyLinkage=false skips this check)"));
    }

    /** Keeps the declared interfaces the host knows; a plugin cannot serve an interface no caller can name. */
    private static Map<Class<?>, Set<String>> resolveServices(ServiceDeclarations declarations, ClassLoader host)
            throws PluginRejectedException {
        Map<Class<?>, Set<String>> wanted = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        declarations.implementations().forEach((name, impls) -> {
            Class<?> service = hostClass(name, host);
            if (service == null) {
                unknown.add(name);
            } else {
                wanted.put(service, impls);
            }
        });
        for (Class<?> service : wanted.keySet()) {
            if (!service.isInterface()) {
                throw new PluginRejectedException(service.getName() + " is declared as a service but is not an "
                        + "interface");
            }
        }
        if (wanted.isEmpty()) {
            if (unknown.isEmpty()) {
                throw new PluginRejectedException("no service implementation found: the jar has no "
                        + "META-INF/services entry and no class annotated @" + dev.reload.api.Service.class.getName());
            }
            String names = String.join(", ", unknown);
            throw PluginRejectedException.servicesUnknown("no service implementation found: it declares services "
                    + "the application does not have: " + names, names);
        }
        return wanted;
    }

    private static Class<?> hostClass(String name, ClassLoader host) {
        try {
            return Class.forName(name, false, host);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Map<Class<?>, Object> instantiate(PluginCode code, PluginContext context, List<Object> created)
            throws PluginRejectedException {
        Map<Class<?>, Set<String>> wanted = code.wanted;
        ServiceDeclarations declarations = code.declarations;
        PluginClassLoader loader = code.loader;
        Map<String, Object> byClass = new LinkedHashMap<>();
        Map<Class<?>, Object> services = new LinkedHashMap<>();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            for (Map.Entry<Class<?>, Set<String>> entry : wanted.entrySet()) {
                Class<?> service = entry.getKey();
                for (String implName : entry.getValue()) {
                    String origin = declarations.origin(service.getName(), implName);
                    Object instance = byClass.get(implName);
                    if (instance == null) {
                        instance = newInstance(implName, origin, loader, context);
                        byClass.put(implName, instance);
                        created.add(instance);
                    }
                    if (!service.isInstance(instance)) {
                        throw new PluginRejectedException(implName + " (" + origin + ") does not implement "
                                + service.getName() + describeForeignCopy(instance.getClass(), service));
                    }
                    // The first declaration of an interface wins, as with java.util.ServiceLoader.
                    services.putIfAbsent(service, instance);
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return services;
    }

    private static Object newInstance(String implName, String origin, ClassLoader loader, PluginContext context)
            throws PluginRejectedException {
        Class<?> type;
        try {
            type = Class.forName(implName, false, loader);
        } catch (ClassNotFoundException e) {
            throw new PluginRejectedException("class " + implName + " named by " + origin + " is not in the jar");
        } catch (LinkageError e) {
            throw new PluginRejectedException("class " + implName + " cannot be loaded: "
                    + ServiceDeclarations.describe(e), e);
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new PluginRejectedException(implName + " (" + origin + ") is abstract; an implementation must be "
                    + "a concrete class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new PluginRejectedException(implName + " (" + origin + ") is not public");
        }
        Constructor<?> constructor = constructor(type, PluginContext.class);
        if (constructor == null) {
            constructor = constructor(type);
        }
        if (constructor == null) {
            throw new PluginRejectedException(implName + " (" + origin + ") has no public no-argument constructor "
                    + "and no public constructor taking " + PluginContext.class.getName());
        }
        try {
            Class.forName(implName, true, loader);
        } catch (ExceptionInInitializerError e) {
            throw new PluginRejectedException("the static initializer of " + implName + " threw "
                    + ServiceDeclarations.describe(e.getCause() == null ? e : e.getCause()), e);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRejectedException("class " + implName + " cannot be initialized: "
                    + ServiceDeclarations.describe(e), e);
        }
        try {
            return constructor.getParameterCount() == 0 ? constructor.newInstance()
                    : constructor.newInstance(context);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LinkageError) {
                throw new PluginRejectedException("the constructor of " + implName + " needs a class that is "
                        + "missing: " + ServiceDeclarations.describe(cause), cause);
            }
            throw new PluginRejectedException("the constructor of " + implName + " threw "
                    + ServiceDeclarations.describe(cause), cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginRejectedException("cannot instantiate " + implName + ": "
                    + ServiceDeclarations.describe(e), e);
        }
    }

    private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String describeForeignCopy(Class<?> type, Class<?> service) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(service.getName())) {
                    return " as the application has it (it implements a copy of the interface from another class "
                            + "loader)";
                }
            }
        }
        return "";
    }

    private static void closeAll(List<Object> created, ClassLoader loader) {
        if (created.isEmpty()) {
            return;
        }
        ContextClassLoader.Previous previous = ContextClassLoader.set(loader);
        try {
            for (Object instance : created) {
                if (instance instanceof AutoCloseable) {
                    try {
                        ((AutoCloseable) instance).close();
                    } catch (Exception | LinkageError ignored) {
                        // These instances never served; their close is best effort.
                    }
                }
            }
        } finally {
            previous.restore();
        }
    }

    private static void discard(PluginCoordinates coordinates, List<Object> created, PluginClassLoader loader,
                                Path copy) {
        closeAll(created, loader);
        PluginCode.closeAndDelete(coordinates, loader, copy);
    }
}
