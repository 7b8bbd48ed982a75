package dev.reload.runtime.proxy;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.implementation.bytecode.member.MethodReturn;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultMethod;

/**
 * Generates the target of a route whose calls run with the plugin's class loader as the thread's context class
 * loader: an object implementing the service that does, for each method,
 *
 * <pre>{@code
 * Thread thread = Thread.currentThread();
 * ClassLoader previous = thread.getContextClassLoader();
 * thread.setContextClassLoader(loader);
 * try {
 *     return delegate.method(args);
 * } finally {
 *     thread.setContextClassLoader(previous);
 * }
 * }</pre>
 *
 * <p>The switch lives in the target rather than in the proxy so that the proxy's code, and with it the cost of every
 * call to a plugin that does not ask for it, stays exactly as it is: the proxy calls this object as it would call an
 * implementation, its call site aimed at this class. Each route gets a class of its own, defined in a child of the
 * plugin's class loader, so the call to the implementation inside it only ever sees one class and is inlined, and the
 * class unloads with the version.
 */
final class ContextLoaderTarget {

    private static final AtomicInteger CLASSES = new AtomicInteger();
    private static final String THREAD = Type.getInternalName(Thread.class);
    private static final String CLASS_LOADER_DESCRIPTOR = Type.getDescriptor(ClassLoader.class);

    private ContextLoaderTarget() {
    }

    /**
     * @param service  the service interface {@code instance} serves
     * @param instance the implementation
     * @param loader   the plugin's class loader: the context class loader during each call, and the parent of the
     *                 generated class's loader, so it must resolve {@code service} to the same interface
     * @return an object implementing {@code service} that calls {@code instance}
     * @throws IllegalArgumentException if {@code loader} sees another {@code service} than the one given
     */
    static Object wrap(Class<?> service, Object instance, ClassLoader loader) {
        Class<?> type = new ByteBuddy()
                .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                .implement(service)
                .name(instance.getClass().getName() + "$ReloadContextLoader$" + CLASSES.incrementAndGet())
                .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
                .defineField("delegate", service, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineField("loader", ClassLoader.class, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineConstructor(Visibility.PUBLIC)
                .withParameters(service, ClassLoader.class)
                .intercept(MethodCall.invoke(objectConstructor())
                        .andThen(FieldAccessor.ofField("delegate").setsArgumentAt(0))
                        .andThen(FieldAccessor.ofField("loader").setsArgumentAt(1)))
                .method(isAbstract().or(isDefaultMethod()))
                .intercept(new Implementation.Simple(new SwitchAndDelegate(service)))
                .visit(new AsmVisitorWrapper.ForDeclaredMethods().writerFlags(ClassWriter.COMPUTE_FRAMES))
                .make()
                .load(loader, ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        if (!service.isAssignableFrom(type)) {
            throw new IllegalArgumentException("the plugin's class loader resolves " + service.getName()
                    + " to another interface than the application's");
        }
        try {
            return type.getConstructor(service, ClassLoader.class).newInstance(instance, loader);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the context class loader target of "
                    + service.getName(), e);
        }
    }

    private static java.lang.reflect.Constructor<Object> objectConstructor() {
        try {
            return Object.class.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** The body of every interface method: switch the context class loader, call the delegate, switch it back. */
    private static final class SwitchAndDelegate implements ByteCodeAppender {

        private final String service;

        SwitchAndDelegate(Class<?> service) {
            this.service = Type.getInternalName(service);
        }

        @Override
        public Size apply(MethodVisitor mv, Implementation.Context context, MethodDescription method) {
            String self = context.getInstrumentedType().getInternalName();
            TypeDescription.Generic returnType = method.getReturnType();
            boolean isVoid = returnType.represents(void.class);
            int threadLocal = method.getStackSize();
            int previousLocal = threadLocal + 1;
            int resultLocal = previousLocal + 1;
            int throwableLocal = resultLocal + returnType.getStackSize().getSize();
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, null);

            mv.visitMethodInsn(Opcodes.INVOKESTATIC, THREAD, "currentThread", "()L" + THREAD + ";", false);
            mv.visitVarInsn(Opcodes.ASTORE, threadLocal);
            mv.visitVarInsn(Opcodes.ALOAD, threadLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, THREAD, "getContextClassLoader",
                    "()" + CLASS_LOADER_DESCRIPTOR, false);
            mv.visitVarInsn(Opcodes.ASTORE, previousLocal);
            mv.visitVarInsn(Opcodes.ALOAD, threadLocal);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, self, "loader", CLASS_LOADER_DESCRIPTOR);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, THREAD, "setContextClassLoader",
                    "(" + CLASS_LOADER_DESCRIPTOR + ")V", false);

            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, self, "delegate", "L" + service + ";");
            MethodVariableAccess.allArgumentsOf(method).apply(mv, context);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, service, method.getInternalName(), method.getDescriptor(),
                    true);
            mv.visitLabel(end);
            if (!isVoid) {
                MethodVariableAccess.of(returnType).storeAt(resultLocal).apply(mv, context);
            }
            restore(mv, threadLocal, previousLocal);
            if (!isVoid) {
                MethodVariableAccess.of(returnType).loadFrom(resultLocal).apply(mv, context);
            }
            MethodReturn.of(returnType).apply(mv, context);

            mv.visitLabel(handler);
            mv.visitVarInsn(Opcodes.ASTORE, throwableLocal);
            restore(mv, threadLocal, previousLocal);
            mv.visitVarInsn(Opcodes.ALOAD, throwableLocal);
            mv.visitInsn(Opcodes.ATHROW);
            return new Size(method.getStackSize() + 2, throwableLocal + 1);
        }

        private static void restore(MethodVisitor mv, int threadLocal, int previousLocal) {
            mv.visitVarInsn(Opcodes.ALOAD, threadLocal);
            mv.visitVarInsn(Opcodes.ALOAD, previousLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, THREAD, "setContextClassLoader",
                    "(" + CLASS_LOADER_DESCRIPTOR + ")V", false);
        }
    }
}
