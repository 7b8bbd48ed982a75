package dev.reload.runtime.verify;

import org.objectweb.asm.Opcodes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves a method or field reference the way the JVM does (JVMS 5.4.3.2 to 5.4.3.4): in the named class, then its
 * superclasses, then its superinterfaces, with the inherited default methods, the static fields of interfaces,
 * Object's methods for interfaces and the signature polymorphic methods of MethodHandle and VarHandle. It answers
 * whether the member exists and whether it is static; access checks are left to the JVM.
 */
final class MemberResolver {

    enum Resolution {
        STATIC, INSTANCE, NO_SUCH_MEMBER,
        /** A class on the way is missing or unreadable: the JVM would fail elsewhere, or it may be fine. */
        UNKNOWN;

        static Resolution of(int access) {
            return (access & Opcodes.ACC_STATIC) != 0 ? STATIC : INSTANCE;
        }

        boolean found() {
            return this == STATIC || this == INSTANCE;
        }
    }

    /** Bounds the walk up a malformed, cyclic hierarchy. */
    private static final int DEEPEST = 256;

    private final PluginClassView view;
    private final ConcurrentMap<String, Resolution> hostResolutions;

    MemberResolver(PluginClassView view, ConcurrentMap<String, Resolution> hostResolutions) {
        this.view = view;
        this.hostResolutions = hostResolutions;
    }

    /** @param owner the class the reference names, as the plugin sees it */
    Resolution resolve(ClassModel owner, Reference reference) {
        if (owner.inJar()) {
            return resolveUncached(owner, reference);
        }
        // An application class's members depend on application classes only, whichever plugin asks.
        String key = owner.name() + '.' + reference.name() + (reference.use().isMethod() ? "" : ":")
                + reference.descriptor();
        Resolution resolution = hostResolutions.get(key);
        if (resolution == null) {
            resolution = resolveUncached(owner, reference);
            hostResolutions.put(key, resolution);
        }
        return resolution;
    }

    private Resolution resolveUncached(ClassModel owner, Reference reference) {
        if (!reference.use().isMethod()) {
            return field(owner, reference.name(), reference.descriptor(), new HashSet<>());
        }
        return owner.isInterface()
                ? interfaceMethod(owner, reference.name(), reference.descriptor())
                : classMethod(owner, reference.name(), reference.descriptor());
    }

    private Resolution classMethod(ClassModel owner, String name, String descriptor) {
        List<ClassModel> chain = new ArrayList<>();
        for (ClassModel type = owner; type != null; ) {
            Integer access = type.method(name, descriptor);
            if (access != null) {
                return Resolution.of(access);
            }
            if (type.polymorphic().contains(name)) {
                return Resolution.INSTANCE;
            }
            if (type.opaque() || chain.size() == DEEPEST) {
                return Resolution.UNKNOWN;
            }
            if (name.equals("<init>")) {
                // Constructors are not inherited: invokespecial needs one declared by the named class.
                return Resolution.NO_SUCH_MEMBER;
            }
            chain.add(type);
            if (type.superName() == null) {
                break;
            }
            type = view.find(type.superName(), type);
            if (type == null) {
                return Resolution.UNKNOWN;
            }
        }
        return inSuperinterfaces(chain, name, descriptor);
    }

    private Resolution interfaceMethod(ClassModel owner, String name, String descriptor) {
        Integer access = owner.method(name, descriptor);
        if (access != null) {
            return Resolution.of(access);
        }
        if (owner.opaque()) {
            return Resolution.UNKNOWN;
        }
        ClassModel object = view.find("java/lang/Object", owner);
        Integer inObject = object == null ? null : object.method(name, descriptor);
        if (inObject != null && (inObject & Opcodes.ACC_PUBLIC) != 0 && (inObject & Opcodes.ACC_STATIC) == 0) {
            return Resolution.INSTANCE;
        }
        return inSuperinterfaces(List.of(owner), name, descriptor);
    }

    /** Any superinterface method that is neither private nor static will do (JVMS 5.4.3.3, step 3). */
    private Resolution inSuperinterfaces(List<ClassModel> types, String name, String descriptor) {
        boolean unknown = false;
        Deque<ClassModel> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (ClassModel type : types) {
            unknown |= pushInterfaces(type, todo);
        }
        while (!todo.isEmpty()) {
            ClassModel type = todo.pop();
            if (!seen.add(type.name())) {
                continue;
            }
            Integer access = type.method(name, descriptor);
            if (access != null && (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) == 0) {
                return Resolution.INSTANCE;
            }
            unknown |= type.opaque() | pushInterfaces(type, todo);
        }
        return unknown ? Resolution.UNKNOWN : Resolution.NO_SUCH_MEMBER;
    }

    /** @return whether an interface of {@code type} is missing */
    private boolean pushInterfaces(ClassModel type, Deque<ClassModel> todo) {
        boolean missing = false;
        for (String name : type.interfaces()) {
            ClassModel model = view.find(name, type);
            if (model == null) {
                missing = true;
            } else {
                todo.push(model);
            }
        }
        return missing;
    }

    /** The class itself, then its superinterfaces, then its superclass (JVMS 5.4.3.2). */
    private Resolution field(ClassModel type, String name, String descriptor, Set<String> seen) {
        if (seen.size() == DEEPEST) {
            return Resolution.UNKNOWN;
        }
        if (!seen.add(type.name())) {
            // Already searched, through another path of a diamond.
            return Resolution.NO_SUCH_MEMBER;
        }
        Integer access = type.field(name, descriptor);
        if (access != null) {
            return Resolution.of(access);
        }
        if (type.opaque()) {
            return Resolution.UNKNOWN;
        }
        boolean unknown = false;
        for (String supertype : type.interfaces()) {
            Resolution resolution = fieldIn(supertype, type, name, descriptor, seen);
            if (resolution.found()) {
                return resolution;
            }
            unknown |= resolution == Resolution.UNKNOWN;
        }
        if (type.superName() != null) {
            Resolution resolution = fieldIn(type.superName(), type, name, descriptor, seen);
            if (resolution.found()) {
                return resolution;
            }
            unknown |= resolution == Resolution.UNKNOWN;
        }
        return unknown ? Resolution.UNKNOWN : Resolution.NO_SUCH_MEMBER;
    }

    private Resolution fieldIn(String supertype, ClassModel from, String name, String descriptor, Set<String> seen) {
        ClassModel model = view.find(supertype, from);
        return model == null ? Resolution.UNKNOWN : field(model, name, descriptor, seen);
    }
}
