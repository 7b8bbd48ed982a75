package dev.reload.testkit;

import java.nio.file.Path;

/**
 * An application whose service interface, {@code app.Shop}, only its own class loader has (as in a Spring Boot
 * executable jar), and plugin jars implementing it: each version's {@code name()} answers with the version.
 */
public final class Shops {

    /** The service interface, in the application's jar. */
    public static final String INTERFACE = "package app; public interface Shop { String name(); }";

    private Shops() {
    }

    /** @return the application's jar, with {@code app.Shop} and the given extra classes */
    public static PluginJar applicationJar(String... classNamesAndSources) {
        PluginJar jar = PluginJar.named("app.jar").source("app.Shop", INTERFACE);
        for (int i = 0; i < classNamesAndSources.length; i += 2) {
            jar.source(classNamesAndSources[i], classNamesAndSources[i + 1]);
        }
        return jar;
    }

    /** @return {@code shop-<version>.jar}, compiled against the application's jar */
    public static PluginJar version(String version, Path applicationJar) {
        return PluginJar.named("shop-" + version + ".jar")
                .classpath(applicationJar)
                .source("p.ShopImpl", "package p; public class ShopImpl implements app.Shop {"
                        + " public String name() { return \"" + version + "\"; } }")
                .service("app.Shop", "p.ShopImpl");
    }
}
