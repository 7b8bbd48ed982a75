package dev.reload.runtime.leak;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * JDBC drivers of the plugin that are still registered with {@link java.sql.DriverManager}, which holds them until
 * they are deregistered; and their deregistration, the one release that is always safe once the plugin is retired.
 *
 * <p>Drivers are looked up through the plugin's loader (see {@link DriverProbe}): a driver whose class a descendant
 * loader defined under a name the plugin's loader cannot resolve is not seen.
 */
final class JdbcDrivers {

    private static final String WHAT = "JDBC drivers";
    private static volatile byte[] probeClass;

    private JdbcDrivers() {
    }

    static void check(ClassLoader loader, LoaderFamily family, Findings findings) {
        if (!seesJdbc(loader)) {
            return;
        }
        try {
            for (Driver driver : pluginDrivers(probeIn(loader), family)) {
                findings.holder("JDBC driver " + driver.getClass().getName()
                        + " is still registered with java.sql.DriverManager");
            }
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            findings.notChecked(WHAT, "the probe class could not be run in the plugin's class loader: " + e);
        }
    }

    /** @return a line per driver: deregistered, or why not */
    static List<String> deregister(ClassLoader loader, LoaderFamily family) {
        if (!seesJdbc(loader)) {
            return List.of();
        }
        List<String> actions = new ArrayList<>();
        Class<?> probe;
        List<Driver> drivers;
        try {
            probe = probeIn(loader);
            drivers = pluginDrivers(probe, family);
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            return List.of("JDBC drivers not deregistered: the probe class could not be run in the plugin's class "
                    + "loader: " + e);
        }
        for (Driver driver : drivers) {
            String name = driver.getClass().getName();
            try {
                accessible(probe.getDeclaredMethod("deregister", Driver.class)).invoke(null, driver);
                actions.add("deregistered JDBC driver " + name);
            } catch (InvocationTargetException e) {
                actions.add("could not deregister JDBC driver " + name + ": " + e.getCause());
            } catch (ReflectiveOperationException e) {
                actions.add("could not deregister JDBC driver " + name + ": " + e);
            }
        }
        return actions;
    }

    /**
     * A loader that cannot see java.sql has no class that could be a driver, and the probe could not run in it. Nor
     * can any loader when the JVM runs without the java.sql module, as a modular application's JVM does unless the
     * application requires it: then even the runtime cannot name {@link DriverManager}.
     */
    private static boolean seesJdbc(ClassLoader loader) {
        try {
            return Class.forName(DriverManager.class.getName(), false, loader) == DriverManager.class;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return false;
        }
    }

    private static List<Driver> pluginDrivers(Class<?> probe, LoaderFamily family)
            throws ReflectiveOperationException {
        List<?> registered = (List<?>) accessible(probe.getDeclaredMethod("drivers")).invoke(null);
        List<Driver> drivers = new ArrayList<>();
        for (Object driver : registered) {
            if (family.owns(driver)) {
                drivers.add((Driver) driver);
            }
        }
        return drivers;
    }

    /** The probe's loader is made for one call and dropped with it, so it never keeps the plugin loaded. */
    private static Class<?> probeIn(ClassLoader loader) throws IOException {
        return new ProbeLoader(loader).define(probeBytes());
    }

    /** The copy lives in an unnamed module, open to everyone, so its package-private members can be made accessible. */
    private static Method accessible(Method method) {
        method.setAccessible(true);
        return method;
    }

    private static byte[] probeBytes() throws IOException {
        byte[] bytes = probeClass;
        if (bytes == null) {
            String resource = DriverProbe.class.getSimpleName() + ".class";
            try (InputStream in = DriverProbe.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException(resource + " is missing from reload's class path");
                }
                bytes = in.readAllBytes();
            }
            probeClass = bytes;
        }
        return bytes;
    }

    private static final class ProbeLoader extends ClassLoader {

        ProbeLoader(ClassLoader plugin) {
            super("reload-jdbc-probe", plugin);
        }

        Class<?> define(byte[] bytes) {
            return defineClass(DriverProbe.class.getName(), bytes, 0, bytes.length);
        }
    }
}
