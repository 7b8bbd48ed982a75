package dev.reload.bench.subject;

import dev.reload.api.Service;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.bytecode.Addition;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.member.MethodReturn;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;

import java.lang.reflect.Method;

import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Generates implementation classes of {@link Scorer}, each a distinct class answering {@code x + addend}, as plugin
 * versions are distinct classes. Generated rather than compiled, so that a thousand versions cost milliseconds.
 */
public final class ScorerClasses {

    private ScorerClasses() {
    }

    /**
     * Defines the class in a class loader of its own, as the runtime does for each version, and instantiates it.
     *
     * @param name   the binary class name
     * @param addend what {@code score} adds
     * @return a new instance
     */
    public static Scorer newInstance(String name, int addend) {
        Class<?> type = builder(name, addend, null, null)
                .make()
                .load(ScorerClasses.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        try {
            return (Scorer) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param name          the binary class name
     * @param addend        what {@code score} adds
     * @param onInitialized a public static no-argument method the class's static initializer calls, or {@code null}
     * @param onConstructed a public static no-argument method the constructor calls last, or {@code null}
     * @return the class file
     */
    public static byte[] classFile(String name, int addend, Method onInitialized, Method onConstructed) {
        return builder(name, addend, onInitialized, onConstructed).make().getBytes();
    }

    /** @return the class file of {@link #classFile} annotated {@code @Service}, for a jar without a services file */
    public static byte[] annotatedClassFile(String name, int addend) {
        return builder(name, addend, null, null)
                .annotateType(AnnotationDescription.Builder.ofType(Service.class).build())
                .make().getBytes();
    }

    private static DynamicType.Builder<Object> builder(String name, int addend, Method onInitialized,
                                                       Method onConstructed) {
        MethodCall.Composable superCall = MethodCall.invoke(objectConstructor());
        DynamicType.Builder<Object> builder = new ByteBuddy()
                .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                .name(name)
                .modifiers(Visibility.PUBLIC)
                .implement(Scorer.class)
                .defineConstructor(Visibility.PUBLIC)
                .intercept(onConstructed == null ? superCall : superCall.andThen(MethodCall.invoke(onConstructed)))
                .method(named("score"))
                .intercept(new Implementation.Simple(MethodVariableAccess.INTEGER.loadFrom(1),
                        IntegerConstant.forValue(addend), Addition.INTEGER, MethodReturn.INTEGER));
        if (onInitialized != null) {
            builder = builder.invokable(isTypeInitializer()).intercept(MethodCall.invoke(onInitialized));
        }
        return builder;
    }

    private static java.lang.reflect.Constructor<Object> objectConstructor() {
        try {
            return Object.class.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
