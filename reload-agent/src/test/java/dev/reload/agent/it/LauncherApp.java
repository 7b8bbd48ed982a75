package dev.reload.agent.it;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Starts an application the way launchers such as Spring Boot's do: its classes in a class loader of their own, a
 * child of the system class loader, which does not exist yet when the agent starts.
 *
 * <p>Arguments: the application's jar, and its main class.
 */
public final class LauncherApp {

    private LauncherApp() {
    }

    public static void main(String[] args) throws Exception {
        URLClassLoader application = new URLClassLoader("launched", new URL[] {Path.of(args[0]).toUri().toURL()},
                ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(application);
        application.loadClass(args[1]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    }
}
