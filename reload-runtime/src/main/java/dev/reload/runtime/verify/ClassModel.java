package dev.reload.runtime.verify;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the verifier knows about one class: its supertypes and the access flags of its members, keyed by name and
 * descriptor. Enough to resolve a reference the way the JVM does, nothing more.
 *
 * @param inJar       whether the class comes from the plugin jar (else from the application or the JDK)
 * @param opaque      the class exists but its members could not be read: nothing can be concluded about them
 * @param polymorphic names of signature polymorphic methods (JVMS 2.9.3), which match any descriptor
 */
record ClassModel(String name, int access, String superName, List<String> interfaces, Map<String, Integer> methods,
                  Map<String, Integer> fields, Set<String> polymorphic, boolean inJar, boolean opaque) {

    private static final String METHOD_HANDLE = "java/lang/invoke/MethodHandle";
    private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";

    /** A class of the jar that exists but cannot be read; references to it are neither checked nor reported. */
    static ClassModel unreadable(String name) {
        return new ClassModel(name, 0, null, List.of(), Map.of(), Map.of(), Set.of(), true, true);
    }

    /** Reads the declarations of an application class; its code is not needed. */
    static ClassModel read(byte[] classFile) {
        Builder builder = new Builder(false);
        new ClassReader(classFile).accept(builder, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                | ClassReader.SKIP_FRAMES);
        return builder.build();
    }

    /**
     * For an application class whose loader does not expose its class file. Reflection resolves every type in the
     * member signatures; when one is missing the class is kept but made opaque.
     */
    static ClassModel reflect(Class<?> type) {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> fields = new HashMap<>();
        boolean opaque = false;
        try {
            for (Method m : type.getDeclaredMethods()) {
                methods.put(key(m.getName(), Type.getMethodDescriptor(m)), m.getModifiers());
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                methods.put(key("<init>", Type.getConstructorDescriptor(c)), c.getModifiers());
            }
            for (Field f : type.getDeclaredFields()) {
                fields.put(key(f.getName(), Type.getDescriptor(f.getType())), f.getModifiers());
            }
        } catch (LinkageError e) {
            opaque = true;
        }
        List<String> interfaces = new ArrayList<>();
        for (Class<?> i : type.getInterfaces()) {
            interfaces.add(Type.getInternalName(i));
        }
        Class<?> superclass = type.getSuperclass();
        return new ClassModel(Type.getInternalName(type), type.getModifiers(),
                superclass == null ? null : Type.getInternalName(superclass), List.copyOf(interfaces),
                Map.copyOf(methods), Map.copyOf(fields), Set.of(), false, opaque);
    }

    boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    /** @return the access flags of the method declared here with this name and descriptor, or {@code null} */
    Integer method(String name, String descriptor) {
        return methods.get(key(name, descriptor));
    }

    /** @return the access flags of the field declared here with this name and descriptor, or {@code null} */
    Integer field(String name, String descriptor) {
        return fields.get(key(name, descriptor));
    }

    /** A semicolon cannot occur in a JVM member name, so the key is unambiguous. */
    private static String key(String name, String descriptor) {
        return name + ';' + descriptor;
    }

    /** Collects the declarations of a class; the jar's reference collector delegates to it. */
    static final class Builder extends ClassVisitor {

        private final boolean inJar;
        private final Map<String, Integer> methods = new HashMap<>();
        private final Map<String, Integer> fields = new HashMap<>();
        private final Set<String> polymorphic = new HashSet<>();
        private String name;
        private int access;
        private String superName;
        private List<String> interfaces = List.of();

        Builder(boolean inJar) {
            super(Opcodes.ASM9);
            this.inJar = inJar;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.name = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if (keeps(access)) {
                fields.put(key(name, descriptor), access);
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (keeps(access)) {
                methods.put(key(name, descriptor), access);
            }
            int nativeVarargs = Opcodes.ACC_NATIVE | Opcodes.ACC_VARARGS;
            if ((this.name.equals(METHOD_HANDLE) || this.name.equals(VAR_HANDLE))
                    && (access & nativeVarargs) == nativeVarargs && descriptor.startsWith("([Ljava/lang/Object;)")) {
                polymorphic.add(name);
            }
            return null;
        }

        /**
         * A plugin can never reach a private member of an application class (they are never nestmates), so those
         * are left out of the long-lived cache of application classes.
         */
        private boolean keeps(int access) {
            return inJar || (access & Opcodes.ACC_PRIVATE) == 0;
        }

        ClassModel build() {
            return new ClassModel(name, access, superName, interfaces, Map.copyOf(methods), Map.copyOf(fields),
                    Set.copyOf(polymorphic), inJar, false);
        }
    }
}
