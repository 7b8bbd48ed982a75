package dev.reload.runtime;

import dev.reload.api.ServiceRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application whose class loader carries its own copy of reload-api, as a web application with reload-api in
 * WEB-INF/lib under a child-first loader does: the runtime cannot serve it, and every call says so and what to do.
 */
class SeparateApiCopyTest {

    /** Loads reload-api's classes itself, as a servlet container's web application loader does. */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL api) {
            super("webapp", new URL[] {api}, SeparateApiCopyTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("dev.reload.api.")) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }
    }

    @Test
    void aSecondCopyOfTheApiGetsProxiesThatSayItCannotBeServedAndWhatToDo() throws Exception {
        URL api = ServiceRegistry.class.getProtectionDomain().getCodeSource().getLocation();
        try (ChildFirst webapp = new ChildFirst(api)) {
            Class<?> registry = webapp.loadClass(ServiceRegistry.class.getName());
            assertThat(registry).isNotSameAs(ServiceRegistry.class);

            Runnable service = (Runnable) registry.getMethod("get", Class.class).invoke(null, Runnable.class);

            assertThatThrownBy(service::run)
                    .satisfies(e -> assertThat(e.getClass().getName())
                            .isEqualTo("dev.reload.api.ServiceUnavailableException"))
                    .hasMessageContaining("its own copy of reload-api")
                    .hasMessageContaining("provided dependency")
                    .hasMessageContaining("WEB-INF/lib");
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
