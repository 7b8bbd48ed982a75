package dev.reload.runtime.plugin;

import dev.reload.runtime.log.Slf4jNames;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class loader of one plugin version.
 *
 * <p>Classes of the JDK, of {@code dev.reload.api}, of SLF4J and of the packages of the service interfaces the plugin
 * declares always come from the host, so that an implementation is an instance of the very interface the caller
 * holds, even when the plugin wrongly bundles a copy of it. Every other class is looked up in the plugin jar first,
 * then in the host, so that a plugin can carry its own version of a library the host also has.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final Set<String> JDK_PACKAGES = jdkPackages();
    private static final List<String> HOST_PREFIXES = List.of("dev.reload.api.", Slf4jNames.PACKAGE_PREFIX);

    private final ClassLoader host;
    private final Set<String> hostPackages;

    /**
     * @param name            a name for stack traces and diagnostics
     * @param jar             the jar to load classes from
     * @param host            the application's class loader
     * @param servicePackages packages of the service interfaces the plugin declares, taken from the host
     */
    public PluginClassLoader(String name, Path jar, ClassLoader host, Set<String> servicePackages) {
        super(name, new URL[] {toUrl(jar)}, host);
        this.host = host;
        this.hostPackages = Set.copyOf(servicePackages);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (isJdk(name)) {
                    c = ClassLoader.getPlatformClassLoader().loadClass(name);
                } else if (isHostFirst(name)) {
                    c = hostThenPlugin(name);
                } else {
                    c = pluginThenHost(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> hostThenPlugin(String name) throws ClassNotFoundException {
        try {
            return host.loadClass(name);
        } catch (ClassNotFoundException e) {
            return findClass(name);
        }
    }

    private Class<?> pluginThenHost(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return host.loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        URL url = findResource(name);
        return url != null ? url : host.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(host.getResources(name)));
        return Collections.enumeration(urls);
    }

    private boolean isHostFirst(String className) {
        return isHostFirst(className, hostPackages);
    }

    /**
     * The rule, shared with the linkage check so that both see the classes a plugin really gets.
     *
     * @param className       a binary class name
     * @param servicePackages the packages of the service interfaces the plugin declares
     * @return whether the class is looked up in the application before the plugin jar
     */
    public static boolean isHostFirst(String className, Set<String> servicePackages) {
        for (String prefix : HOST_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return servicePackages.contains(packageOf(className));
    }

    /**
     * @param className a binary class name
     * @return whether the class belongs to the JDK, so that every plugin takes it from the JDK
     */
    public static boolean isJdk(String className) {
        return JDK_PACKAGES.contains(packageOf(className));
    }

    /**
     * @param className a binary class name
     * @return its package name, empty for the unnamed package
     */
    public static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** The packages of the modules the boot and platform loaders define: exactly the JDK, whatever its version. */
    private static Set<String> jdkPackages() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            ClassLoader loader = module.getClassLoader();
            if (loader == null || loader == platform) {
                packages.addAll(module.getPackages());
            }
        }
        return Set.copyOf(packages);
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
