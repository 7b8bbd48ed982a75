package dev.reload.runtime.verify;

import dev.reload.runtime.plugin.PluginClassLoader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The application's and the JDK's classes as the verifier needs them, read once and kept for the life of the
 * verifier. Safe for concurrent use.
 *
 * <p>A class is read from its class file, as the loader that would define it exposes it: no application class is
 * loaded, let alone initialized, and a class whose signatures name a missing optional dependency reads fine. Only
 * when a loader does not expose a class file (a class defined from memory) is the class looked up by reflection,
 * still without initializing it.
 */
final class HostClasses {

    private static final ClassModel MISSING = ClassModel.unreadable("");
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final ClassLoader host;
    private final ConcurrentMap<String, ClassModel> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MemberResolver.Resolution> resolutions = new ConcurrentHashMap<>();

    HostClasses(ClassLoader host) {
        this.host = host;
    }

    /** @return the class with this internal name, or {@code null} if neither the application nor the JDK has it */
    ClassModel find(String name) {
        ClassModel model = models.get(name);
        if (model == null) {
            // Not computeIfAbsent: reading a class is slow, and a miss is cheap to compute twice.
            model = load(name);
            ClassModel raced = models.putIfAbsent(name, model);
            if (raced != null) {
                model = raced;
            }
        }
        return model == MISSING ? null : model;
    }

    /**
     * Resolutions of members of application classes depend on application classes only, so they are remembered
     * for every later plugin.
     */
    ConcurrentMap<String, MemberResolver.Resolution> resolutions() {
        return resolutions;
    }

    /** As the plugin class loader decides it. */
    static boolean isJdk(String internalName) {
        return PluginClassLoader.isJdk(Reference.dotted(internalName));
    }

    private ClassModel load(String name) {
        ClassLoader loader = isJdk(name) ? PLATFORM : host;
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            if (in != null) {
                ClassModel model = ClassModel.read(in.readAllBytes());
                // On a case-insensitive file system, a/foo.class is found for a/Foo.class.
                if (model.name().equals(name)) {
                    return model;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable as a resource: reflection below decides.
        }
        try {
            return ClassModel.reflect(Class.forName(Reference.dotted(name), false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return MISSING;
        }
    }
}
