package dev.reload.agent.supervise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads {@link Posix}'s JNA implementation in a class loader of its own.
 *
 * <p>JNA cannot be relocated like the agent's other libraries: its native part binds its JNI functions to the names
 * of the {@code com.sun.jna} classes. Nor can it sit on the agent jar's class path under its own name, where it would
 * replace the application's copy of JNA for every JVM started with the agent. So the agent jar carries JNA's jar
 * whole, as {@code META-INF/reload/jna.jar}, and only the supervisor, a process of its own, copies it out and loads it
 * here, together with the classes of the {@code jna} package, which this loader defines itself so that they link to
 * this JNA and not to whatever the class path holds.
 */
final class JnaLoader extends URLClassLoader {

    private static final String JNA_JAR = "META-INF/reload/jna.jar";
    private static final String OWN_PACKAGE = "dev.reload.agent.supervise.jna.";

    private JnaLoader(URL jna) {
        super("reload-jna", new URL[] {jna}, JnaLoader.class.getClassLoader());
    }

    /**
     * @return the system calls, bound
     * @throws IllegalStateException if the agent jar carries no JNA, or JNA cannot bind the C library
     */
    static Posix posix() {
        try {
            Path jar = Files.createTempFile("reload-jna-", ".jar");
            jar.toFile().deleteOnExit();
            try (InputStream in = JnaLoader.class.getClassLoader().getResourceAsStream(JNA_JAR)) {
                if (in == null) {
                    throw new IllegalStateException(JNA_JAR + " is missing: run the supervisor from reload-agent.jar");
                }
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            // JNA unpacks its native library to a temporary file; never pick up an older system copy instead.
            System.setProperty("jna.nosys", "true");
            JnaLoader loader = new JnaLoader(jar.toUri().toURL());
            return (Posix) loader.loadClass(OWN_PACKAGE + "JnaPosix").getConstructor().newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack JNA", e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot bind the C library through JNA: " + e, e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(OWN_PACKAGE) && !name.startsWith("com.sun.jna.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = name.startsWith(OWN_PACKAGE) ? defineOwn(name) : findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> defineOwn(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
