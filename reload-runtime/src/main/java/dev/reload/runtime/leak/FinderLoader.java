package dev.reload.runtime.leak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Defines the leak finder's code itself, from the bytes of reload's own class files, instead of asking its parent:
 * those classes then live in this loader's unnamed module, a module of their own, and {@link JdkInternals} can open
 * {@code java.base} to them alone. Reload's classes on the class path share their module with the application's, so
 * opening {@code java.base} to them would open it to every class of the application and of its libraries.
 *
 * <p>Every class of this package but the few that face the rest of reload is defined here; their copies in reload's
 * own loader are never used. Everything else, the JDK and {@link Inspector} included, comes from the parent. One
 * loader serves the JVM, so that the module the agent opens is the module the finder runs in.
 */
final class FinderLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String PACKAGE = LeakFinder.class.getPackageName();
    private static final Set<String> FROM_PARENT = Set.of(LeakFinder.class.getName(), Inspector.class.getName(),
            JdkInternals.class.getName(), FinderLoader.class.getName());
    private static final FinderLoader INSTANCE = new FinderLoader(LeakFinder.class.getClassLoader());

    private final ProtectionDomain domain = LeakFinder.class.getProtectionDomain();

    private FinderLoader(ClassLoader parent) {
        super("reload-leak-finder", parent);
    }

    /** @return the module the finder's code runs in, the one {@code java.base} is opened to */
    static Module module() {
        return INSTANCE.getUnnamedModule();
    }

    /** @return a new entry into the finder's code */
    static Inspector newInspector() {
        try {
            Constructor<?> constructor = INSTANCE.loadClass(Inspection.class.getName()).getDeclaredConstructor();
            // The class is package-private in a runtime package of its own; its unnamed module is open to all.
            constructor.setAccessible(true);
            return (Inspector) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set up the leak finder: " + e, e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isFinderCode(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = classFile(name);
                c = defineClass(name, bytes, 0, bytes.length, domain);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private static boolean isFinderCode(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.substring(0, dot).equals(PACKAGE) && !FROM_PARENT.contains(name);
    }

    private byte[] classFile(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from reload's class path", e);
        }
    }
}
