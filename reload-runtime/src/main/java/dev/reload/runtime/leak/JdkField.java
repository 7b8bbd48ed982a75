package dev.reload.runtime.leak;

import java.lang.reflect.Field;

/**
 * A private field of a {@code java.base} class, made accessible the first time it is read. Only a field that could
 * be made accessible is kept, so a package opened after a failed read is read the next time.
 */
final class JdkField {

    private final String owner;
    private final String name;
    private volatile Field field;

    JdkField(String owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    /**
     * @throws NoSuchFieldException   if this JDK has no such class or field
     * @throws IllegalAccessException if its package is not open to reload
     */
    Field resolve() throws ReflectiveOperationException {
        Field f = field;
        if (f == null) {
            try {
                f = Class.forName(owner, false, null).getDeclaredField(name);
            } catch (ClassNotFoundException | NoSuchFieldException e) {
                throw new NoSuchFieldException("this JDK has no field " + owner + "." + name);
            }
            if (!f.trySetAccessible()) {
                throw new IllegalAccessException(owner + "." + name + " cannot be read: "
                        + JavaBase.notOpen(f.getDeclaringClass().getPackageName()));
            }
            field = f;
        }
        return f;
    }

    Object get(Object instance) throws ReflectiveOperationException {
        return resolve().get(instance);
    }
}
