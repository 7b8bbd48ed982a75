package dev.reload.runtime.verify;

import dev.reload.runtime.verify.Reference.Use;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one plugin class: its declarations, through {@link ClassModel.Builder}, and every class, method and field
 * its supertypes and code name, the way the JVM would resolve them. Annotations and the types that only appear in
 * descriptors are left out: the JVM does not resolve them when linking a call or a field access.
 */
final class ReferenceCollector extends ClassVisitor {

    private final ClassModel.Builder declarations;
    private final Set<Reference> references = new LinkedHashSet<>();
    private final MethodVisitor code = new CodeCollector();
    private String nestHost;

    private ReferenceCollector(ClassModel.Builder declarations) {
        super(Opcodes.ASM9, declarations);
        this.declarations = declarations;
    }

    /** @throws RuntimeException when ASM cannot parse the class file */
    static JarClass read(byte[] classFile) {
        ReferenceCollector collector = new ReferenceCollector(new ClassModel.Builder(true));
        new ClassReader(classFile).accept(collector, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        return new JarClass(collector.declarations.build(), List.copyOf(collector.references), collector.nestHost);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        super.visit(version, access, name, signature, superName, interfaces);
        if (superName != null) {
            references.add(Reference.type(Use.EXTENDS, superName));
        }
        if (interfaces != null) {
            for (String i : interfaces) {
                references.add(Reference.type(Use.IMPLEMENTS, i));
            }
        }
    }

    @Override
    public void visitNestHost(String nestHost) {
        this.nestHost = nestHost;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        super.visitMethod(access, name, descriptor, signature, exceptions);
        return code;
    }

    /** A class named by an internal name or, for array instructions, by an array descriptor. */
    private void type(String nameOrDescriptor) {
        if (nameOrDescriptor.charAt(0) == '[') {
            type(Type.getType(nameOrDescriptor));
        } else {
            references.add(Reference.type(Use.TYPE, nameOrDescriptor));
        }
    }

    private void type(Type type) {
        switch (type.getSort()) {
            case Type.ARRAY -> type(type.getElementType());
            case Type.OBJECT -> references.add(Reference.type(Use.TYPE, type.getInternalName()));
            case Type.METHOD -> {
                // Resolving a MethodType constant resolves every class in its descriptor.
                for (Type argument : type.getArgumentTypes()) {
                    type(argument);
                }
                type(type.getReturnType());
            }
            default -> {
                // A primitive type needs nothing.
            }
        }
    }

    private void member(Use use, String owner, String name, String descriptor) {
        if (owner.charAt(0) == '[') {
            // An array type has the members of Object (clone is public there): check the element class only.
            type(owner);
            owner = "java/lang/Object";
        }
        references.add(new Reference(use, owner, name, descriptor));
    }

    private void handle(Handle handle) {
        Use use = switch (handle.getTag()) {
            case Opcodes.H_GETFIELD -> Use.GET;
            case Opcodes.H_GETSTATIC -> Use.GET_STATIC;
            case Opcodes.H_PUTFIELD -> Use.PUT;
            case Opcodes.H_PUTSTATIC -> Use.PUT_STATIC;
            case Opcodes.H_INVOKESTATIC -> Use.INVOKE_STATIC;
            default -> Use.INVOKE;
        };
        member(use, handle.getOwner(), handle.getName(), handle.getDesc());
    }

    private void constant(Object value) {
        if (value instanceof Type type) {
            type(type);
        } else if (value instanceof Handle handle) {
            handle(handle);
        } else if (value instanceof ConstantDynamic dynamic) {
            handle(dynamic.getBootstrapMethod());
            for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                constant(dynamic.getBootstrapMethodArgument(i));
            }
        }
    }

    private final class CodeCollector extends MethodVisitor {

        CodeCollector() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            type(type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            Use use = switch (opcode) {
                case Opcodes.GETSTATIC -> Use.GET_STATIC;
                case Opcodes.PUTSTATIC -> Use.PUT_STATIC;
                case Opcodes.PUTFIELD -> Use.PUT;
                default -> Use.GET;
            };
            member(use, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                    boolean isInterface) {
            member(opcode == Opcodes.INVOKESTATIC ? Use.INVOKE_STATIC : Use.INVOKE, owner, name, descriptor);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethod,
                                           Object... bootstrapMethodArguments) {
            handle(bootstrapMethod);
            for (Object argument : bootstrapMethodArguments) {
                constant(argument);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            constant(value);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            type(descriptor);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            // The verifier loads a catch type to check that it is a Throwable.
            if (type != null) {
                type(type);
            }
        }
    }
}
