package dev.reload.runtime.proxy;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.loading.MultipleParentClassLoader;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.implementation.bytecode.member.MethodReturn;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultMethod;
import static net.bytebuddy.matcher.ElementMatchers.isEquals;
import static net.bytebuddy.matcher.ElementMatchers.isHashCode;
import static net.bytebuddy.matcher.ElementMatchers.isToString;

/**
 * Generates the class of a service proxy. Each interface method becomes, in bytecode:
 *
 * <pre>{@code
 * Route route = slot.route();
 * int ticket = slot.tryEnter(route);
 * if (ticket == ServiceSlot.MISSED) {   // no route, or a swap in between: rare
 *     route = slot.enter();
 *     ticket = route.ticket();
 * }
 * Object result;
 * try {
 *     result = invokedynamic method(route.target(), args);   // see DirectDispatch
 * } catch (Throwable thrown) {
 *     route.exitThrowing(ticket, thrown);   // the exception path alone counts failures
 *     throw thrown;
 * }
 * route.exit(ticket);
 * return result;
 * }</pre>
 *
 * so a call costs two gate updates, the second finding its cell from the first's ticket, and a direct call to the
 * active implementation class: no reflection, no
 * boxing, no argument array, no megamorphic interface call however many versions came and went, and any
 * exception the implementation throws reaches the caller as the same object. {@code toString}, {@code equals} and
 * {@code hashCode} are answered by the proxy itself and never reach the implementation.
 */
public final class ServiceProxyFactory {

    private static final AtomicInteger PROXIES = new AtomicInteger();
    private static final String ROUTE = Type.getInternalName(Route.class);
    private static final String SLOT = Type.getInternalName(ServiceSlot.class);
    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC,
            Type.getInternalName(ServiceCallSites.class), "bootstrap", MethodType.methodType(CallSite.class,
            MethodHandles.Lookup.class, String.class, MethodType.class).toMethodDescriptorString(), false);

    private ServiceProxyFactory() {
    }

    /**
     * @param service the service interface; not sealed
     * @param slot    where the proxy's calls go
     * @param <T>     the service type
     * @return a new proxy
     * @throws IllegalArgumentException if the interface cannot be implemented by a generated class
     */
    public static <T> T create(Class<T> service, ServiceSlot slot) {
        if (service.isSealed()) {
            throw new IllegalArgumentException(service.getName() + " is sealed: a service interface must allow the "
                    + "runtime's proxy to implement it");
        }
        DynamicType.Unloaded<?> unloaded = new ByteBuddy()
                .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                .implement(service)
                .name(proxyName(service))
                .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
                .defineField("slot", ServiceSlot.class, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineConstructor(Visibility.PUBLIC)
                .withParameters(ServiceSlot.class)
                .intercept(MethodCall.invoke(objectConstructor())
                        .andThen(FieldAccessor.ofField("slot").setsArgumentAt(0)))
                .method(isAbstract().or(isDefaultMethod()))
                .intercept(new Implementation.Simple(new Dispatch(service)))
                .method(isToString())
                .intercept(MethodCall.invoke(describe()).onField("slot"))
                .method(isHashCode())
                .intercept(MethodCall.invoke(identityHashCode()).withThis())
                .method(isEquals())
                .intercept(new Implementation.Simple(new IdentityEquals()))
                .visit(new AsmVisitorWrapper.ForDeclaredMethods().writerFlags(ClassWriter.COMPUTE_FRAMES))
                .make();
        Class<?> type = load(service, unloaded);
        ServiceCallSites.register(type, slot);
        try {
            return service.cast(type.getConstructor(ServiceSlot.class).newInstance(slot));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the proxy of " + service.getName(), e);
        }
    }

    /**
     * Defines the proxy beside its interface, in the interface's own package and class loader, so that any interface
     * the application can name works, public or not, nested in a non-public class or not. Where that loader cannot
     * see the runtime, or the interface's module does not open its package, the proxy goes into a class loader of its
     * own that sees both, which only a public interface allows. So does the interface of a named module that does not
     * read the runtime's module (a modular application does not read the class path the agent is on): a proxy beside
     * it would belong to that module and fail its first call with an {@link IllegalAccessError} on the runtime's
     * classes.
     */
    private static Class<?> load(Class<?> service, DynamicType.Unloaded<?> unloaded) {
        ClassLoader loader = service.getClassLoader();
        if (loader != null && seesRuntime(loader) && service.getModule().canRead(ServiceSlot.class.getModule())) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(service, MethodHandles.lookup());
                return unloaded.load(loader, ClassLoadingStrategy.UsingLookup.of(lookup)).getLoaded();
            } catch (IllegalAccessException | RuntimeException inaccessible) {
                // Fall through to a loader of the proxy's own.
            }
        }
        if (!isAccessible(service)) {
            throw new IllegalArgumentException(service.getName() + " is not public and the runtime cannot define a "
                    + "class beside it: make the service interface public");
        }
        ClassLoader parent = new MultipleParentClassLoader.Builder().appendMostSpecific(service, ServiceSlot.class)
                .build();
        return unloaded.load(parent, ClassLoadingStrategy.Default.WRAPPER).getLoaded();
    }

    private static boolean seesRuntime(ClassLoader loader) {
        try {
            return Class.forName(ServiceSlot.class.getName(), false, loader) == ServiceSlot.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isAccessible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static String proxyName(Class<?> service) {
        // Unique, because two proxies of one interface (the default and a plugin's) may share its class loader.
        String name = service.getName() + "$ReloadProxy$" + PROXIES.incrementAndGet();
        // The JDK refuses classes in java.* packages from any loader but its own.
        return name.startsWith("java.") ? "dev.reload.proxy." + name : name;
    }

    private static java.lang.reflect.Constructor<Object> objectConstructor() {
        try {
            return Object.class.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static java.lang.reflect.Method describe() {
        try {
            return ServiceSlot.class.getMethod("describe");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static java.lang.reflect.Method identityHashCode() {
        try {
            return System.class.getMethod("identityHashCode", Object.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** The body of every interface method: enter the slot, call the target through the interface, exit. */
    private static final class Dispatch implements ByteCodeAppender {

        private final String service;

        Dispatch(Class<?> service) {
            this.service = Type.getInternalName(service);
        }

        @Override
        public Size apply(MethodVisitor mv, Implementation.Context context, MethodDescription method) {
            TypeDescription.Generic returnType = method.getReturnType();
            int slotLocal = method.getStackSize();
            int routeLocal = slotLocal + 1;
            int ticketLocal = routeLocal + 1;
            int resultLocal = ticketLocal + 1;
            int throwableLocal = resultLocal + returnType.getStackSize().getSize();
            String routeType = "L" + ROUTE + ";";
            Label entered = new Label();
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, null);

            // Read once: a second read after the route's volatile read could not reuse the first.
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, context.getInstrumentedType().getInternalName(), "slot",
                    "L" + SLOT + ";");
            mv.visitVarInsn(Opcodes.ASTORE, slotLocal);
            mv.visitVarInsn(Opcodes.ALOAD, slotLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLOT, "route", "()" + routeType, false);
            mv.visitVarInsn(Opcodes.ASTORE, routeLocal);
            mv.visitVarInsn(Opcodes.ALOAD, slotLocal);
            mv.visitVarInsn(Opcodes.ALOAD, routeLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLOT, "tryEnter", "(" + routeType + ")I", false);
            mv.visitVarInsn(Opcodes.ISTORE, ticketLocal);
            mv.visitVarInsn(Opcodes.ILOAD, ticketLocal);
            mv.visitLdcInsn(ServiceSlot.MISSED);
            mv.visitJumpInsn(Opcodes.IF_ICMPNE, entered);
            mv.visitVarInsn(Opcodes.ALOAD, slotLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLOT, "enter", "()" + routeType, false);
            mv.visitVarInsn(Opcodes.ASTORE, routeLocal);
            mv.visitVarInsn(Opcodes.ALOAD, routeLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, ROUTE, "ticket", "()I", false);
            mv.visitVarInsn(Opcodes.ISTORE, ticketLocal);
            mv.visitLabel(entered);

            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.ALOAD, routeLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, ROUTE, "target", "()Ljava/lang/Object;", false);
            MethodVariableAccess.allArgumentsOf(method).apply(mv, context);
            mv.visitInvokeDynamicInsn(method.getInternalName(),
                    "(Ljava/lang/Object;" + method.getDescriptor().substring(1), BOOTSTRAP);
            mv.visitLabel(end);
            boolean isVoid = returnType.represents(void.class);
            if (!isVoid) {
                MethodVariableAccess.of(returnType).storeAt(resultLocal).apply(mv, context);
            }
            mv.visitVarInsn(Opcodes.ALOAD, routeLocal);
            mv.visitVarInsn(Opcodes.ILOAD, ticketLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, ROUTE, "exit", "(I)V", false);
            if (!isVoid) {
                MethodVariableAccess.of(returnType).loadFrom(resultLocal).apply(mv, context);
            }
            MethodReturn.of(returnType).apply(mv, context);

            mv.visitLabel(handler);
            mv.visitVarInsn(Opcodes.ASTORE, throwableLocal);
            mv.visitVarInsn(Opcodes.ALOAD, routeLocal);
            mv.visitVarInsn(Opcodes.ILOAD, ticketLocal);
            mv.visitVarInsn(Opcodes.ALOAD, throwableLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, ROUTE, "exitThrowing", "(ILjava/lang/Throwable;)V", false);
            mv.visitVarInsn(Opcodes.ALOAD, throwableLocal);
            mv.visitInsn(Opcodes.ATHROW);
            return new Size(method.getStackSize() + 3, throwableLocal + 1);
        }
    }

    /** {@code equals} is identity: two proxies are equal only when they are the same object. */
    private static final class IdentityEquals implements ByteCodeAppender {

        @Override
        public Size apply(MethodVisitor mv, Implementation.Context context, MethodDescription method) {
            Label different = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitJumpInsn(Opcodes.IF_ACMPNE, different);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitLabel(different);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
            return new Size(2, 2);
        }
    }
}
