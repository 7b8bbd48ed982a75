package dev.reload.runtime.leak;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Calls {@link DriverManager} from inside a plugin's class loader. {@code getDrivers} and {@code deregisterDriver}
 * act only on drivers the caller's class loader can see, and the host's cannot see a plugin's, so
 * {@link JdbcDrivers} defines a copy of this class in a child loader of the plugin's and calls it there, as Tomcat
 * does with its {@code JdbcLeakPrevention}. Its copy in reload's own loader is never called.
 *
 * <p>Keep it free of lambdas and nested classes: only this one class is copied.
 */
final class DriverProbe {

    private DriverProbe() {
    }

    static List<Driver> drivers() {
        return Collections.list(DriverManager.getDrivers());
    }

    static void deregister(Driver driver) throws SQLException {
        DriverManager.deregisterDriver(driver);
    }
}
