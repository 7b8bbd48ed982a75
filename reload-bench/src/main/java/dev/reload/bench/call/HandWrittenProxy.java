package dev.reload.bench.call;

import dev.reload.bench.subject.Scorer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What people write when they want a swappable service without a framework: a {@link Proxy} whose handler calls the
 * implementation an {@link AtomicReference} holds. The comparison the reload proxy must win.
 */
final class HandWrittenProxy implements InvocationHandler {

    private final AtomicReference<Object> current;

    private HandWrittenProxy(Object initial) {
        this.current = new AtomicReference<>(initial);
    }

    static Scorer of(Scorer initial) {
        return (Scorer) Proxy.newProxyInstance(Scorer.class.getClassLoader(), new Class<?>[] {Scorer.class},
                new HandWrittenProxy(initial));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(current.get(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
