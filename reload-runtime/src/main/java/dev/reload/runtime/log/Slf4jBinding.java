package dev.reload.runtime.log;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.MethodCall;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import static java.lang.invoke.MethodType.methodType;

/**
 * One copy of SLF4J, called through method handles: the copy is the application's, found in one of its class
 * loaders, so the runtime cannot link against it.
 */
final class Slf4jBinding {

    private static final MethodType LOG = methodType(void.class, Object.class, String.class, Throwable.class);

    private final Class<?> loggerFactory;
    private final MethodHandle getLogger;
    /** {@code (Object logger, String message, Throwable cause)void}, by {@link Level#ordinal()}. */
    private final MethodHandle[] byLevel;

    private Slf4jBinding(Class<?> loggerFactory, MethodHandle getLogger, MethodHandle[] byLevel) {
        this.loggerFactory = loggerFactory;
        this.getLogger = getLogger;
        this.byLevel = byLevel;
    }

    /**
     * Loads no class of SLF4J's beyond looking it up and initializes nothing: SLF4J and its provider start at the
     * first message, as they would for the application's own first one.
     *
     * @param loader a class loader of the application
     * @return the SLF4J that {@code loader} sees, or {@code null} when it sees none, or one without a provider,
     *         which would drop every message
     */
    static Slf4jBinding find(ClassLoader loader) {
        Class<?> factory = type(Slf4jNames.LOGGER_FACTORY, loader);
        Class<?> logger = type(Slf4jNames.LOGGER, loader);
        if (factory == null || logger == null || !hasProvider(factory.getClassLoader())) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle getLogger = getLoggerAsTheApplication(loader, factory, logger)
                    .asType(methodType(Object.class, String.class));
            MethodHandle[] byLevel = new MethodHandle[Level.values().length];
            for (Level level : Level.values()) {
                byLevel[level.ordinal()] = lookup.findVirtual(logger, level.method,
                        methodType(void.class, String.class, Throwable.class)).asType(LOG);
            }
            return new Slf4jBinding(factory, getLogger, byLevel);
        } catch (NoSuchMethodException | IllegalAccessException notSlf4j) {
            return null;
        }
    }

    /**
     * {@code LoggerFactory.getLogger(String)}, called from a class defined for it in a child of the application's
     * class loader. Log4j 2 gives a logger the configuration of the class loader of the class that asks for it (its
     * default context selector looks from that loader up through its parents): asked from the runtime's own
     * classes, on the system class path, it would make them a configuration of their own, Log4j's default, instead of
     * the one the application gave its loader.
     */
    private static MethodHandle getLoggerAsTheApplication(ClassLoader application, Class<?> factory, Class<?> logger)
            throws NoSuchMethodException, IllegalAccessException {
        Class<?> caller = new ByteBuddy()
                .subclass(Object.class)
                .name(Slf4jBinding.class.getName() + "$LoggerLookup")
                .defineMethod("getLogger", logger, Visibility.PUBLIC, Ownership.STATIC)
                .withParameters(String.class)
                .intercept(MethodCall.invoke(factory.getMethod("getLogger", String.class)).withAllArguments())
                .make()
                .load(application, ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        return MethodHandles.publicLookup().findStatic(caller, "getLogger", methodType(logger, String.class));
    }

    /**
     * Asks as SLF4J itself would, from the loader that holds its API: the provider a system property names, else
     * those {@link ServiceLoader} finds (SLF4J 2), else a static binder (SLF4J 1). Provider classes are looked up,
     * never instantiated.
     */
    private static boolean hasProvider(ClassLoader slf4j) {
        String named = System.getProperty(Slf4jNames.PROVIDER_PROPERTY);
        if (named != null && !named.isBlank() && type(named.trim(), slf4j) != null) {
            return true;
        }
        Class<?> spi = type(Slf4jNames.SERVICE_PROVIDER, slf4j);
        if (spi == null) {
            return slf4j.getResource(Slf4jNames.STATIC_LOGGER_BINDER) != null;
        }
        try {
            return ServiceLoader.load(spi, slf4j).stream().findFirst().isPresent();
        } catch (ServiceConfigurationError brokenProvider) {
            return false;
        }
    }

    private static Class<?> type(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * The first call for any name starts SLF4J and its provider.
     *
     * @return the logger named {@code name}, or {@code null} if the application's logging failed to give one
     */
    Object logger(String name) {
        try {
            return (Object) getLogger.invokeExact(name);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            return null;
        }
    }

    /**
     * @param logger what {@link #logger(String)} returned
     * @param cause  may be {@code null}
     * @return whether the application's logging took the message; {@code false} when it threw
     */
    boolean log(Object logger, Level level, String message, Throwable cause) {
        try {
            byLevel[level.ordinal()].invokeExact(logger, message, cause);
            return true;
        } catch (Throwable e) {
            rethrowIfFatal(e);
            return false;
        }
    }

    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /** @return SLF4J's {@code LoggerFactory} of this copy, to tell which copy it is */
    Class<?> loggerFactory() {
        return loggerFactory;
    }

    @Override
    public String toString() {
        return "SLF4J in " + loggerFactory.getClassLoader();
    }
}
