package dev.reload.runtime.verify;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that each declared implementation class implements its service interface as the application has it: for
 * every abstract method of the interface and its superinterfaces, the JVM's method selection (JVMS 5.4.6) on the
 * implementation must find a concrete method, declared by the class or a superclass (in the jar or the
 * application), or else the one default method among the maximally specific superinterface methods.
 */
final class ImplementationCheck {

    private static final int DEEPEST = 256;
    private static final int NOT_INHERITED = Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE;

    private enum Provision { YES, NO, UNKNOWN }

    private record Method(String name, String descriptor) {
    }

    private final PluginClassView view;
    private final HostClasses host;

    ImplementationCheck(PluginClassView view, HostClasses host) {
        this.view = view;
        this.host = host;
    }

    void check(Map<Class<?>, Set<String>> implementations, Problems problems) {
        implementations.forEach((service, implementationNames) -> {
            String serviceName = Type.getInternalName(service);
            ClassModel serviceModel = host.find(serviceName);
            if (serviceModel == null) {
                serviceModel = ClassModel.reflect(service);
            }
            Set<Method> required = abstractMethods(serviceModel);
            for (String implementationName : implementationNames) {
                ClassModel implementation = view.find(implementationName.replace('.', '/'));
                if (implementation == null) {
                    problems.add(implementationName + ", declared as an implementation of " + service.getName()
                            + ", is not in the jar");
                    continue;
                }
                Provision isSubtype = isSubtype(implementation, serviceName);
                if (isSubtype == Provision.NO) {
                    problems.add(implementationName + " is declared as an implementation of " + service.getName()
                            + " but does not implement it");
                }
                if (isSubtype != Provision.YES) {
                    continue;
                }
                for (Method method : required) {
                    if (provides(implementation, method) == Provision.NO) {
                        problems.add(implementationName + " does not implement " + service.getName() + "."
                                + method.name() + method.descriptor());
                    }
                }
            }
        });
    }

    /** The abstract methods of the interface and of its superinterfaces, some of which may have defaults. */
    private Set<Method> abstractMethods(ClassModel service) {
        Set<Method> methods = new LinkedHashSet<>();
        Map<String, ClassModel> interfaces = interfaceClosure(List.of(service), true);
        if (interfaces == null) {
            // The application could not have loaded such an interface; there is nothing sound to compare with.
            return methods;
        }
        for (ClassModel type : interfaces.values()) {
            type.methods().forEach((key, access) -> {
                if ((access & Opcodes.ACC_ABSTRACT) != 0 && (access & NOT_INHERITED) == 0) {
                    int separator = key.indexOf(';');
                    methods.add(new Method(key.substring(0, separator), key.substring(separator + 1)));
                }
            });
        }
        return methods;
    }

    private Provision isSubtype(ClassModel type, String supertype) {
        Deque<ClassModel> todo = new ArrayDeque<>(List.of(type));
        Set<String> seen = new HashSet<>();
        boolean unknown = false;
        while (!todo.isEmpty() && seen.size() < DEEPEST) {
            ClassModel next = todo.pop();
            if (next.name().equals(supertype)) {
                return Provision.YES;
            }
            if (!seen.add(next.name())) {
                continue;
            }
            unknown |= next.opaque();
            for (String name : PluginClassView.supertypes(next)) {
                ClassModel model = view.find(name, next);
                if (model == null) {
                    unknown = true;
                } else {
                    todo.push(model);
                }
            }
        }
        return unknown || !todo.isEmpty() ? Provision.UNKNOWN : Provision.NO;
    }

    private Provision provides(ClassModel implementation, Method method) {
        List<ClassModel> classes = new ArrayList<>();
        for (ClassModel type = implementation; ; ) {
            if (type.opaque() || classes.size() == DEEPEST) {
                return Provision.UNKNOWN;
            }
            Integer access = type.method(method.name(), method.descriptor());
            if (access != null && (access & NOT_INHERITED) == 0) {
                return (access & Opcodes.ACC_ABSTRACT) != 0 ? Provision.NO : Provision.YES;
            }
            classes.add(type);
            if (type.superName() == null) {
                break;
            }
            type = view.find(type.superName(), type);
            if (type == null) {
                return Provision.UNKNOWN;
            }
        }
        Map<String, ClassModel> interfaces = interfaceClosure(classes, false);
        if (interfaces == null) {
            return Provision.UNKNOWN;
        }
        List<ClassModel> candidates = new ArrayList<>();
        for (ClassModel type : interfaces.values()) {
            Integer access = type.method(method.name(), method.descriptor());
            if (access != null && (access & NOT_INHERITED) == 0) {
                candidates.add(type);
            }
        }
        int defaults = 0;
        for (ClassModel candidate : candidates) {
            if (isMaximallySpecific(candidate, candidates)
                    && (candidate.method(method.name(), method.descriptor()) & Opcodes.ACC_ABSTRACT) == 0) {
                defaults++;
            }
        }
        return defaults == 1 ? Provision.YES : Provision.NO;
    }

    /** No other candidate is a subinterface of it. */
    private boolean isMaximallySpecific(ClassModel candidate, List<ClassModel> candidates) {
        for (ClassModel other : candidates) {
            if (other != candidate && isSubtype(other, candidate.name()) == Provision.YES) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param includeRoots whether the given types (interfaces, then) belong to the result
     * @return every superinterface of the given types by name, or {@code null} if one is missing or unreadable
     */
    private Map<String, ClassModel> interfaceClosure(List<ClassModel> roots, boolean includeRoots) {
        Map<String, ClassModel> interfaces = new LinkedHashMap<>();
        Deque<ClassModel> todo = new ArrayDeque<>();
        for (ClassModel root : roots) {
            if (includeRoots) {
                todo.add(root);
            } else if (!addInterfaces(root, todo)) {
                return null;
            }
        }
        while (!todo.isEmpty()) {
            ClassModel type = todo.poll();
            if (interfaces.putIfAbsent(type.name(), type) == null && (type.opaque() || !addInterfaces(type, todo))) {
                return null;
            }
        }
        return interfaces;
    }

    private boolean addInterfaces(ClassModel type, Deque<ClassModel> todo) {
        for (String name : type.interfaces()) {
            ClassModel model = view.find(name, type);
            if (model == null) {
                return false;
            }
            todo.add(model);
        }
        return true;
    }
}
