package dev.reload.runtime.log;

/**
 * The names of the SLF4J classes the runtime looks for in the application.
 *
 * <p>Assembled at run time, never written as one string constant: the agent jar carries its own copy of SLF4J
 * relocated under {@code dev.reload.shaded}, and the build that relocates it rewrites every string constant that
 * starts with {@code org.slf4j} to name the relocated copy, while these must go on naming the application's.
 */
public final class Slf4jNames {

    /** {@code "org.slf4j."}: the application's SLF4J, which plugins share with it. */
    public static final String PACKAGE_PREFIX = String.join(".", "org", "slf4j", "");

    static final String LOGGER_FACTORY = PACKAGE_PREFIX + "LoggerFactory";
    static final String LOGGER = PACKAGE_PREFIX + "Logger";
    /** How SLF4J 2 finds its provider, with {@link java.util.ServiceLoader}. */
    static final String SERVICE_PROVIDER = PACKAGE_PREFIX + "spi.SLF4JServiceProvider";
    /** The class a provider of SLF4J 1, which has no service providers, brings. */
    static final String STATIC_LOGGER_BINDER =
            (PACKAGE_PREFIX + "impl.StaticLoggerBinder").replace('.', '/') + ".class";
    /** The system property that names a provider outright, since SLF4J 2.0.9. */
    static final String PROVIDER_PROPERTY = "slf4j.provider";

    private Slf4jNames() {
    }
}
