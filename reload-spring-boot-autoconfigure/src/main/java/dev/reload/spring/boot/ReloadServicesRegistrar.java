package dev.reload.spring.boot;

import dev.reload.api.ServiceRegistry;
import dev.reload.runtime.ReloadRuntime;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers the beans {@link EnableReloadServices} asks for: per interface, the reload proxy and its
 * {@link ReloadServices} view.
 */
final class ReloadServicesRegistrar implements ImportBeanDefinitionRegistrar, BeanClassLoaderAware, BeanFactoryAware {

    private static final String REQUIRED = ReloadServicesRegistrar.class.getName() + ".required";

    private ClassLoader classLoader;
    private BeanFactory beanFactory;

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        AnnotationAttributes attributes = AnnotationAttributes.fromMap(
                metadata.getAnnotationAttributes(EnableReloadServices.class.getName(), true));
        if (attributes == null) {
            return;
        }
        Set<String> required = Set.of(attributes.getStringArray("required"));
        Set<String> all = new LinkedHashSet<>(List.of(attributes.getStringArray("value")));
        all.addAll(required);
        for (String name : all) {
            register(service(name, metadata), required.contains(name), registry);
        }
    }

    private Class<?> service(String name, AnnotationMetadata metadata) {
        Class<?> service = ClassUtils.resolveClassName(name, classLoader);
        if (!service.isInterface() || service.isAnnotation()) {
            throw new IllegalArgumentException("@EnableReloadServices on " + metadata.getClassName() + " names "
                    + name + ", which is not an interface: name the service interfaces that plugins implement");
        }
        return service;
    }

    private <T> void register(Class<T> service, boolean required, BeanDefinitionRegistry registry) {
        String name = service.getName();
        if (!registry.containsBeanDefinition(name)) {
            RootBeanDefinition proxy = new RootBeanDefinition(service, () -> {
                runtimeStarted();
                return ServiceRegistry.get(service);
            });
            // The proxy is the application's way to its plugins, not a resource of the context: a service interface
            // that extends AutoCloseable must not see close() called on its implementation when the context closes.
            proxy.setDestroyMethodName("");
            registry.registerBeanDefinition(name, proxy);
        }
        String viewName = name + ".services";
        if (registry.containsBeanDefinition(viewName)) {
            // Named by another @EnableReloadServices as well: required if either says so.
            if (!required || Boolean.TRUE.equals(registry.getBeanDefinition(viewName).getAttribute(REQUIRED))) {
                return;
            }
            registry.removeBeanDefinition(viewName);
        }
        RootBeanDefinition view = new RootBeanDefinition(ReloadServices.class);
        view.setTargetType(ResolvableType.forClassWithGenerics(ReloadServices.class, service));
        view.setInstanceSupplier(() -> {
            runtimeStarted();
            return new ReloadServices<>(service, required);
        });
        view.setAttribute(REQUIRED, required);
        registry.registerBeanDefinition(viewName, view);
    }

    /**
     * A runtime the application starts is a bean of the auto-configuration; making sure it exists before a proxy is
     * handed out lets the application call its services as soon as it has them, in a constructor too.
     */
    private void runtimeStarted() {
        beanFactory.getBeanProvider(ReloadRuntime.class).getIfUnique();
    }
}
