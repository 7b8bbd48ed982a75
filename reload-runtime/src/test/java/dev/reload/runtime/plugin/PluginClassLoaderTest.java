package dev.reload.runtime.plugin;

import dev.reload.api.Service;
import dev.reload.testkit.Greeter;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PluginClassLoaderTest {

    @TempDir
    Path dir;

    /** A jar that wrongly bundles its own copy of the service interface, plus its own copy of a host class. */
    private Path jar() {
        return PluginJar.named("p-1.0.0.jar")
                .classpath(Greeter.class)
                .source("dev.reload.testkit.Greeter", "package dev.reload.testkit;\n"
                        + "public interface Greeter { String greet(String name); }")
                .source("dev.reload.runtime.plugin.Shared", "package dev.reload.runtime.plugin;\n"
                        + "public class Shared { public static String origin() { return \"plugin\"; } }")
                .source("p.Impl", "package p; public class Impl implements dev.reload.testkit.Greeter {"
                        + " public String greet(String n) { return n; } }")
                .writeTo(dir);
    }

    private PluginClassLoader loader() {
        return new PluginClassLoader("test", jar(), getClass().getClassLoader(),
                Set.of(Greeter.class.getPackageName()));
    }

    @Test
    void takesTheServiceInterfaceFromTheHostEvenWhenThePluginBundlesACopy() throws Exception {
        try (PluginClassLoader loader = loader()) {
            assertThat(loader.loadClass(Greeter.class.getName())).isSameAs(Greeter.class);
            Object impl = loader.loadClass("p.Impl").getConstructor().newInstance();
            assertThat(impl).isInstanceOf(Greeter.class);
        }
    }

    @Test
    void takesTheJdkTheApiAndSlf4jFromTheHost() throws Exception {
        try (PluginClassLoader loader = loader()) {
            assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
            assertThat(loader.loadClass("java.sql.Driver")).isSameAs(java.sql.Driver.class);
            assertThat(loader.loadClass(Service.class.getName())).isSameAs(Service.class);
            assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
        }
    }

    @Test
    void looksInThePluginFirstForEverythingElse() throws Exception {
        try (PluginClassLoader loader = loader()) {
            Class<?> shared = loader.loadClass("dev.reload.runtime.plugin.Shared");
            assertThat(shared.getClassLoader()).isSameAs(loader);
            assertThat(shared.getMethod("origin").invoke(null)).isEqualTo("plugin");
            assertThat(loader.loadClass("p.Impl").getClassLoader()).isSameAs(loader);
        }
    }

    @Test
    void fallsBackToTheHostForClassesThePluginLacks() throws Exception {
        try (PluginClassLoader loader = loader()) {
            assertThat(loader.loadClass(PluginClassLoaderTest.class.getName()))
                    .isSameAs(PluginClassLoaderTest.class);
        }
    }
}

/** The host's copy of a class the test plugin also bundles. */
class Shared {
    static String origin() {
        return "host";
    }
}
