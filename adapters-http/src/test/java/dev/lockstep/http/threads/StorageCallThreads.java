package dev.lockstep.http.threads;

import dev.lockstep.application.StoragePorts;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In the server {@link RequestsRunOffTheEventLoopContract} starts, and only there: the selected
 * storage's entry ports, each wrapped so that every call of one of their methods records the port,
 * the method and the thread it ran on, then does what the port does.
 */
@Singleton
@Requires(property = StorageCallThreads.PROPERTY, value = "true")
final class StorageCallThreads implements BeanCreatedEventListener<StoragePorts> {
    static final String PROPERTY = "lockstep.test.record-storage-threads";

    /** One call of a storage port. */
    record Call(String method, Thread thread) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public StoragePorts onCreated(BeanCreatedEvent<StoragePorts> event) {
        return recording(event.getBean(), "storage");
    }

    @SuppressWarnings("unchecked")
    private <T> T recording(T target, String name) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return invoke(method, target, args);
            }
            Object result = invoke(method, target, args);
            // an entry port handed out by the storage: record the calls of its methods
            if (target instanceof StoragePorts
                    && result != null
                    && method.getReturnType().isInterface()) {
                return recording(result, method.getName());
            }
            calls.add(new Call(name + "." + method.getName(), Thread.currentThread()));
            return result;
        };
        return (T) Proxy.newProxyInstance(
                target.getClass().getClassLoader(), target.getClass().getInterfaces(), handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
