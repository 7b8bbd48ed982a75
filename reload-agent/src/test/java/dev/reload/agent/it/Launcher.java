package dev.reload.agent.it;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Starts an application the way a Spring Boot executable jar's launcher does: the application and its libraries in
 * a class loader of their own, a child of the system class loader that asks its parent first, made the main thread's
 * context class loader before the application's {@code main} is called through it. The system class path holds only
 * the launcher, the service interfaces and, from the agent jar, reload.
 *
 * <p>Arguments: the application's main class, then the jars of its class loader.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        URL[] jars = new URL[args.length - 1];
        for (int i = 1; i < args.length; i++) {
            jars[i - 1] = url(Path.of(args[i]));
        }
        ClassLoader application = new URLClassLoader("application", jars, ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(application);
        try {
            Class.forName(args[0], true, application).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
