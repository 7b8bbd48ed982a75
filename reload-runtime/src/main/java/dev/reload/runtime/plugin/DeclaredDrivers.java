package dev.reload.runtime.plugin;

import dev.reload.runtime.leak.LeakFinder;
import dev.reload.runtime.log.Log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The JDBC drivers a version bundles, declared in {@code META-INF/services/java.sql.Driver}.
 *
 * <p>{@code DriverManager} reads those files once per JVM, through the context class loader of the first thread that
 * uses it, so on its own it finds a plugin's driver for one version at most and never for the next. So each version
 * has its declared drivers loaded and initialized in its own class loader, with that loader as the context class
 * loader, before any of its implementations: a driver's static initializer registers it, as the JDBC specification
 * has every driver do. {@code DriverManager} then hands each version its own driver only, since it gives a caller
 * only the drivers whose class the caller's loader resolves to the very same class.
 *
 * <p>When the version's class loader is let go, retired or refused, every driver of the version is deregistered,
 * whoever registered it: {@code DriverManager} would otherwise hold the version's classes for the life of the JVM.
 */
final class DeclaredDrivers {

    private static final Log LOG = Log.get(DeclaredDrivers.class);
    private static final String SERVICE_FILE = "META-INF/services/java.sql.Driver";
    private static final LeakFinder RELEASES = new LeakFinder();

    private DeclaredDrivers() {
    }

    /**
     * Registers the drivers {@code code}'s jar declares. Runs driver code: call it on the loading thread, under the
     * load's time limit. A driver that cannot be loaded is left out with a warning, as {@code DriverManager} leaves
     * it out, rather than refusing a version that may never use it.
     */
    static void register(PluginCode code) {
        PluginClassLoader loader = code.loader;
        Set<String> drivers;
        try {
            drivers = declared(loader);
        } catch (IOException e) {
            LOG.warn(code.coordinates + ": cannot read " + SERVICE_FILE + ": " + ServiceDeclarations.describe(e));
            return;
        }
        if (drivers.isEmpty()) {
            return;
        }
        ContextClassLoader.Previous previous = ContextClassLoader.set(loader);
        try {
            for (String driver : drivers) {
                try {
                    Class.forName(driver, true, loader);
                } catch (ClassNotFoundException e) {
                    LOG.warn(code.coordinates + ": JDBC driver " + driver + " named by " + SERVICE_FILE
                            + " is not in the jar; it is not registered");
                } catch (ExceptionInInitializerError e) {
                    LOG.warn(code.coordinates + ": the static initializer of JDBC driver " + driver + " threw "
                            + ServiceDeclarations.describe(e.getCause() == null ? e : e.getCause())
                            + "; it is not registered");
                } catch (LinkageError e) {
                    LOG.warn(code.coordinates + ": JDBC driver " + driver + " cannot be loaded: "
                            + ServiceDeclarations.describe(e) + "; it is not registered");
                }
            }
        } finally {
            previous.restore();
        }
    }

    /**
     * Deregisters every JDBC driver whose class {@code loader} or a descendant defined. Call it once nothing of the
     * version runs any more, before the loader is closed.
     */
    static void deregister(PluginCoordinates coordinates, ClassLoader loader) {
        try {
            RELEASES.releaseAtRetirement(loader).forEach(done -> LOG.info(coordinates + ": " + done));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(coordinates + ": JDBC drivers not deregistered: " + ServiceDeclarations.describe(e));
        }
    }

    /** The jar's own declarations only: a driver of the application's is the application's business. */
    private static Set<String> declared(PluginClassLoader loader) throws IOException {
        Set<String> drivers = new LinkedHashSet<>();
        Enumeration<URL> files = loader.findResources(SERVICE_FILE);
        while (files.hasMoreElements()) {
            URLConnection connection = files.nextElement().openConnection();
            // A cached connection would keep the jar open after the loader is closed and its copy deleted.
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!name.isEmpty()) {
                        drivers.add(name);
                    }
                }
            }
        }
        return drivers;
    }
}
