package dev.reload.spring.boot.actuate;

import dev.reload.runtime.manage.Json;
import dev.reload.runtime.manage.MBeanFailures;
import dev.reload.runtime.manage.PluginMXBean;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code reload} endpoint: what {@code java -jar reload-agent.jar status --json <pid>} prints, and the operations
 * of the command line.
 *
 * <ul>
 *   <li>{@code GET /actuator/reload}: the status, character for character what {@code status --json} prints;</li>
 *   <li>{@code POST /actuator/reload/<plugin>/pin} with {@code {"version":"1.0.0"}}, and
 *   {@code POST /actuator/reload/<plugin>/unpin}, {@code .../rollback} and {@code .../reload};</li>
 *   <li>{@code POST /actuator/reload}: rescan the plugins directory.</li>
 * </ul>
 *
 * <p>The status is the command line's JSON, not an object for Jackson to write: Spring Boot 3 and 4 write objects
 * differently (Boot 4 sorts properties, the endpoint's mapper leaves out nulls), and scripts must read the same from
 * both and from the command line. Operations answer as {@code pin --json} does, {@code {"ok":true,"message":...}},
 * or refuse with {@code {"ok":false,"message":...}}: 404 for an unknown plugin, 400 for a request that cannot be
 * right, 409 when the runtime refuses.
 *
 * <p>Only reads are allowed unless the application says otherwise, with
 * {@code management.endpoint.reload.access=unrestricted}: pinning a version is a deployment, not a query.
 */
@Endpoint(id = "reload", defaultAccess = Access.READ_ONLY)
public class ReloadEndpoint {

    private static final int BAD_REQUEST = 400;
    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int UNAVAILABLE = 503;

    private final RuntimeBeans beans = new RuntimeBeans();

    /** @return the status as {@code status --json} prints it */
    @ReadOperation
    public WebEndpointResponse<String> status() {
        if (beans.awaitRegistry().isEmpty()) {
            return refusal(UNAVAILABLE, "no reload runtime runs in this JVM");
        }
        return new WebEndpointResponse<>(Json.status(beans.status()));
    }

    /** Rescans the plugins directory and answers once what it found serves. */
    @WriteOperation
    public WebEndpointResponse<String> rescan() {
        if (beans.awaitRegistry().isEmpty()) {
            return refusal(UNAVAILABLE, "no reload runtime runs in this JVM");
        }
        return operate(() -> beans.registry().rescan());
    }

    /**
     * @param plugin  the plugin id
     * @param action  {@code pin}, {@code unpin}, {@code rollback} or {@code reload}
     * @param version the version to pin; only for {@code pin}
     */
    @WriteOperation
    public WebEndpointResponse<String> operate(@Selector String plugin, @Selector String action,
                                               @Nullable String version) {
        Function<PluginMXBean, String> operation = switch (action) {
            case "pin" -> version == null ? null : bean -> bean.pin(version);
            case "unpin" -> PluginMXBean::unpin;
            case "rollback" -> PluginMXBean::rollback;
            case "reload" -> PluginMXBean::reload;
            default -> null;
        };
        if (operation == null) {
            return refusal(BAD_REQUEST, action.equals("pin") ? "pin needs the version to pin, as {\"version\":\"...\"}"
                    : "no action '" + action + "': pin, unpin, rollback or reload");
        }
        beans.awaitRegistry();
        Optional<PluginMXBean> bean = beans.plugin(plugin);
        if (bean.isEmpty()) {
            Set<String> known = beans.plugins().keySet();
            return refusal(NOT_FOUND, "no plugin '" + plugin + "'; plugins: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return operate(() -> operation.apply(bean.get()));
    }

    private static WebEndpointResponse<String> operate(Supplier<String> operation) {
        try {
            return new WebEndpointResponse<>(Json.answer(operation.get()));
        } catch (RuntimeException e) {
            Throwable cause = MBeanFailures.cause(e);
            if (cause instanceof IllegalArgumentException) {
                return refusal(BAD_REQUEST, cause.getMessage());
            }
            if (cause instanceof IllegalStateException) {
                return refusal(CONFLICT, cause.getMessage());
            }
            throw e;
        }
    }

    private static WebEndpointResponse<String> refusal(int status, String message) {
        return new WebEndpointResponse<>(Json.refusal(message), status);
    }
}
