package dev.reload.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class in a plugin jar as the implementation of one or more service interfaces, as an alternative to a
 * {@code META-INF/services/<interface>} entry. The class must be public, concrete, and have a public no-argument
 * constructor.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Service {

    /**
     * The service interfaces this class implements for callers. When empty, every interface the class implements,
     * directly or through its superclasses, except those of the JDK ({@code java.*}, {@code javax.*}) and of
     * {@code dev.reload.api}.
     *
     * @return the service interfaces, or an empty array for all of them
     */
    Class<?>[] value() default {};
}
