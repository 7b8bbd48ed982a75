package dev.reload.runtime.jna;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Loads a binding class compiled against JNA, and JNA itself, in a class loader of their own, and hands the binding
 * back as an interface it implements. The loader's parent is the interface's own loader (the platform loader for a JDK
 * interface), so the binding sees the interface and nothing of JNA but its own copy.
 *
 * <p>Neither the binding nor JNA can be loaded by the runtime's own class loader: in the agent jar that is the system
 * class loader, where JNA's classes under their own names would shadow the application's copy, and where relocated
 * ones would not link with JNA's native library. So the agent jar keeps JNA under {@value #AGENT_PREFIX}, which no
 * class loader reads as classes, and this loader defines them from there. Embedded, without the agent, it defines its
 * own copy of the JNA the application has on its class path: the application's classes stay the application's.
 *
 * <p>JNA unpacks its native library to a file of its own for each copy, so this copy and the application's load side
 * by side. Both read JNA's system properties; this copy sets none of its own.
 */
public final class IsolatedJna {

    /** Where the agent jar keeps JNA's classes and Linux libraries. */
    public static final String AGENT_PREFIX = "META-INF/reload/jna/";

    private static final String JNA_PACKAGE = "com.sun.jna.";

    private IsolatedJna() {
    }

    /**
     * @param binding the binding's class name; the classes of its package are defined in the isolated loader, from the
     *                class path of this class's loader
     * @param type    an interface the binding implements, outside the binding's package
     * @param <T>     the interface
     * @return a new instance of the binding, made with its public no-argument constructor
     * @throws ReflectiveOperationException if JNA or the binding cannot be found or instantiated
     * @throws LinkageError                 if JNA's native library does not load on this platform
     */
    public static <T> T load(String binding, Class<T> type) throws ReflectiveOperationException {
        ClassLoader source = IsolatedJna.class.getClassLoader();
        if (source == null) {
            source = ClassLoader.getSystemClassLoader();
        }
        String prefix;
        if (source.getResource(AGENT_PREFIX + "com/sun/jna/Native.class") != null) {
            prefix = AGENT_PREFIX;
        } else if (source.getResource("com/sun/jna/Native.class") != null) {
            prefix = "";
        } else {
            throw new ClassNotFoundException("JNA is neither in the agent jar nor on the class path");
        }
        ClassLoader parent = type.getClassLoader() == null ? ClassLoader.getPlatformClassLoader() : type.getClassLoader();
        Class<?> bound = Class.forName(binding, true, new Loader(source, prefix, binding, parent));
        return type.cast(bound.getConstructor().newInstance());
    }

    /** Defines JNA's classes and the binding's package, child first; everything else comes from the parent. */
    private static final class Loader extends ClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final ClassLoader source;
        private final String prefix;
        private final String bindingPackage;

        Loader(ClassLoader source, String prefix, String binding, ClassLoader parent) {
            super("reload-jna", parent);
            this.source = source;
            this.prefix = prefix;
            this.bindingPackage = binding.substring(0, binding.lastIndexOf('.') + 1);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isolated(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!isolated(name)) {
                throw new ClassNotFoundException(name);
            }
            String path = name.replace('.', '/') + ".class";
            try (InputStream in = source.getResourceAsStream(name.startsWith(JNA_PACKAGE) ? prefix + path : path)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        /** JNA finds its native library as a resource of its own class loader, under its own package. */
        @Override
        protected URL findResource(String name) {
            return name.startsWith("com/sun/jna/") ? source.getResource(prefix + name) : null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            return name.startsWith("com/sun/jna/") ? source.getResources(prefix + name) : Collections.emptyEnumeration();
        }

        private boolean isolated(String name) {
            return name.startsWith(JNA_PACKAGE)
                    || name.startsWith(bindingPackage) && name.indexOf('.', bindingPackage.length()) < 0;
        }
    }
}
