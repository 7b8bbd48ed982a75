package dev.reload.runtime.verify;

import dev.reload.runtime.plugin.PluginClassLoader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The classes one plugin's code sees: its jar's and the application's, in the order the plugin class loader looks
 * them up, with {@link PluginClassLoader}'s own rule: the JDK always; the API, SLF4J and the service interfaces'
 * packages from the application first; everything else from the jar first.
 */
final class PluginClassView {

    private static final String OBJECT = "java/lang/Object";

    private final Map<String, JarClass> jar;
    private final HostClasses host;
    private final Set<String> hostFirstPackages;
    private final Map<String, Boolean> reachesHost = new HashMap<>();
    /**
     * Every lookup by name, found or not: a jar's classes name the same few hundred classes thousands of times, and
     * deciding where a name is looked up first takes a string copy and a package lookup.
     */
    private final Map<String, Optional<ClassModel>> found = new HashMap<>();

    /** @param hostFirstPackages the service interfaces' packages, dotted as in {@link Package#getName()} */
    PluginClassView(Map<String, JarClass> jar, HostClasses host, Set<String> hostFirstPackages) {
        this.jar = jar;
        this.host = host;
        this.hostFirstPackages = hostFirstPackages;
    }

    /** @return the class the plugin's code gets for this internal name, or {@code null} if it has none */
    ClassModel find(String name) {
        Optional<ClassModel> known = found.get(name);
        if (known == null) {
            known = Optional.ofNullable(lookUp(name));
            found.put(name, known);
        }
        return known.orElse(null);
    }

    private ClassModel lookUp(String name) {
        if (HostClasses.isJdk(name)) {
            return host.find(name);
        }
        if (isHostFirst(name)) {
            ClassModel model = host.find(name);
            return model != null ? model : fromJar(name);
        }
        ClassModel model = fromJar(name);
        return model != null ? model : host.find(name);
    }

    /** A supertype as the class that names it sees it: an application class only ever sees the application. */
    ClassModel find(String name, ClassModel from) {
        return from.inJar() ? find(name) : host.find(name);
    }

    /** @return the class as read from the jar, if the plugin class loader would define it from the jar */
    JarClass jarClass(String name) {
        ClassModel model = find(name);
        return model != null && model.inJar() ? jar.get(name) : null;
    }

    Iterable<JarClass> jarClasses() {
        return jar.values();
    }

    /**
     * Whether a jar class extends or implements, directly or not, an application or JDK type other than Object,
     * that is, whether a member it lacks could have been expected from the application.
     */
    boolean reachesHost(ClassModel jarClass) {
        Boolean known = reachesHost.get(jarClass.name());
        if (known != null) {
            return known;
        }
        boolean reaches = false;
        Deque<ClassModel> todo = new ArrayDeque<>(List.of(jarClass));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty() && !reaches) {
            ClassModel type = todo.pop();
            if (!seen.add(type.name())) {
                continue;
            }
            if (!type.inJar()) {
                reaches = !type.name().equals(OBJECT);
                continue;
            }
            for (String supertype : supertypes(type)) {
                ClassModel model = find(supertype);
                if (model != null) {
                    todo.push(model);
                }
            }
        }
        reachesHost.put(jarClass.name(), reaches);
        return reaches;
    }

    static List<String> supertypes(ClassModel type) {
        if (type.superName() == null) {
            return type.interfaces();
        }
        List<String> supertypes = new ArrayList<>(type.interfaces().size() + 1);
        supertypes.add(type.superName());
        supertypes.addAll(type.interfaces());
        return supertypes;
    }

    private ClassModel fromJar(String name) {
        JarClass jarClass = jar.get(name);
        return jarClass == null ? null : jarClass.model();
    }

    private boolean isHostFirst(String name) {
        return PluginClassLoader.isHostFirst(Reference.dotted(name), hostFirstPackages);
    }
}
