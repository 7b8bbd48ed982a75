package dev.reload.spring.boot;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers service interfaces as beans, so that the application injects them like any other:
 *
 * <pre>{@code
 * @SpringBootApplication
 * @EnableReloadServices(value = AuditLog.class, required = Greeter.class)
 * public class Application { ... }
 *
 * @RestController
 * class GreetingController {
 *     GreetingController(Greeter greeter, ReloadServices<AuditLog> auditLogs) { ... }
 * }
 * }</pre>
 *
 * <p>For each interface named, the bean of the interface's type is the reload proxy
 * ({@link dev.reload.api.ServiceRegistry#get(Class)}), so an injected service follows every swap; and a
 * {@link ReloadServices ReloadServices&lt;T&gt;} bean is the live view of every plugin that provides it. The beans
 * are named after the interface's fully qualified name, and its name with {@code .services} appended.
 *
 * <p>The beans are registered whether or not {@code reload.enabled} is set: the application's own wiring asks for
 * them. Without a runtime their calls throw {@link dev.reload.api.ServiceUnavailableException}, and the view is
 * empty. A test replaces one as it replaces any bean, for example with {@code @MockitoBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ReloadServicesRegistrar.class)
public @interface EnableReloadServices {

    /** @return the service interfaces to register as beans */
    Class<?>[] value() default {};

    /**
     * @return service interfaces the application cannot work without: registered as beans too, and the
     *         {@code reload} health indicator is down while one of them has no active implementation
     */
    Class<?>[] required() default {};
}
