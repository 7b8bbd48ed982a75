package dev.reload.testkit;

/**
 * Greeter plugin jars that bundle a JDBC driver, as a plugin bundles its database's driver: the driver
 * {@code plugin.ReloadTestDriver} is declared in {@code META-INF/services/java.sql.Driver} and accepts
 * {@code jdbc:reloadtest:} URLs with a connection whose {@code getSchema()} is the driver's version. The greeter
 * uses nothing but {@code DriverManager.getConnection}, and answers {@code "<driver's version>:<name>"}, so a test
 * sees through which version's driver a call went.
 *
 * <p>Every version has the same class names, as builds of one plugin do. The driver's static initializer registers
 * it, records {@code "registered driver <version>"} in the {@link Probe} and hands its loader to
 * {@link WeakLoaders} as {@code "driver <version>"}; {@code DriverManager} deregistering it records
 * {@code "deregistered driver <version>"}.
 */
public final class JdbcGreeters {

    private static final String DRIVER = """
            package plugin;

            import java.sql.*;
            import java.util.Properties;

            public class ReloadTestDriver implements Driver {

                static final String VERSION = "LABEL";

                static {
                    try {
                        DriverManager.registerDriver(new ReloadTestDriver(),
                                () -> dev.reload.testkit.Probe.record("deregistered driver " + VERSION));
                    } catch (SQLException e) {
                        throw new ExceptionInInitializerError(e);
                    }
                    dev.reload.testkit.Probe.record("registered driver " + VERSION);
                    dev.reload.testkit.WeakLoaders.remember("driver " + VERSION,
                            ReloadTestDriver.class.getClassLoader());
                }

                @Override
                public Connection connect(String url, Properties info) {
                    if (!acceptsURL(url)) {
                        return null;
                    }
                    ClassLoader loader = ReloadTestDriver.class.getClassLoader();
                    return (Connection) java.lang.reflect.Proxy.newProxyInstance(loader,
                            new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                                switch (method.getName()) {
                                    case "getSchema": return VERSION;
                                    case "isClosed": return false;
                                    case "close": return null;
                                    default: throw new SQLFeatureNotSupportedException(method.getName());
                                }
                            });
                }

                @Override
                public boolean acceptsURL(String url) {
                    return url.startsWith("jdbc:reloadtest:");
                }

                @Override
                public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
                    return new DriverPropertyInfo[0];
                }

                @Override
                public int getMajorVersion() {
                    return 1;
                }

                @Override
                public int getMinorVersion() {
                    return 0;
                }

                @Override
                public boolean jdbcCompliant() {
                    return false;
                }

                @Override
                public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
                    throw new SQLFeatureNotSupportedException();
                }
            }
            """;

    private static final String GREETER = """
            package plugin;

            import java.sql.Connection;
            import java.sql.DriverManager;
            import java.sql.SQLException;

            public class JdbcGreeter implements dev.reload.testkit.Greeter {

                public JdbcGreeter() {
                    CONSTRUCTOR
                }

                @Override
                public String greet(String name) {
                    try (Connection connection = DriverManager.getConnection("jdbc:reloadtest:" + name)) {
                        return connection.getSchema() + ":" + name;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }
            }
            """;

    private JdbcGreeters() {
    }

    /** @return {@code <id>-<version>.jar} */
    public static PluginJar version(String id, String version) {
        return version(id, version, "");
    }

    /**
     * @param constructorBody statements the greeter's constructor runs, which run after the driver registered
     * @return {@code <id>-<version>.jar}
     */
    public static PluginJar version(String id, String version, String constructorBody) {
        return PluginJar.named(id + "-" + version + ".jar")
                .classpath(Greeter.class)
                .source("plugin.ReloadTestDriver", DRIVER.replace("LABEL", version))
                .source("plugin.JdbcGreeter", GREETER.replace("CONSTRUCTOR", constructorBody))
                .service(Greeter.class, "plugin.JdbcGreeter")
                .service("java.sql.Driver", "plugin.ReloadTestDriver");
    }
}
