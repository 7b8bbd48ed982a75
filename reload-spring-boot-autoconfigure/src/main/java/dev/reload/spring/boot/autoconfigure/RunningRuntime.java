package dev.reload.spring.boot.autoconfigure;

import dev.reload.runtime.ReloadRuntime;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Optional;

/**
 * Whether a reload runtime already runs in this JVM, as it does when the JVM was started with
 * {@code -javaagent:reload-agent.jar}: the agent starts it before {@code main}, so it is running by the time the
 * application context is built.
 *
 * <p>The agent's classes are on the system class path. The application normally sees them through its class loader,
 * so {@link ReloadRuntime#current()} answers; the system class loader's copy is asked as well, in case the
 * application's loader does not delegate {@code dev.reload.runtime} to it, so that the application never starts a
 * second runtime on the agent's plugins.
 */
final class RunningRuntime {

    private static final String RUNTIME = ReloadRuntime.class.getName();

    private RunningRuntime() {
    }

    /** @return the runtime running in this JVM, as the application's class loader sees it */
    static Optional<ReloadRuntime> visible() {
        return ReloadRuntime.current();
    }

    /** @return whether a runtime runs in this JVM, visible to the application or not */
    static boolean anywhere() {
        return visible().isPresent() || runsInSystemClassLoader();
    }

    private static boolean runsInSystemClassLoader() {
        try {
            Class<?> system = Class.forName(RUNTIME, false, ClassLoader.getSystemClassLoader());
            if (system == ReloadRuntime.class) {
                return false;
            }
            return ((Optional<?>) system.getMethod("current").invoke(null)).isPresent();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException notThere) {
            return false;
        }
    }

    /** Matches when the application can use a runtime that runs already. */
    static final class Visible extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionMessage.Builder message = ConditionMessage.forCondition("Running reload runtime");
            return visible().map(runtime -> ConditionOutcome.match(message.found("runtime").items(runtime)))
                    .orElseGet(() -> ConditionOutcome.noMatch(message.didNotFind("runtime").atAll()));
        }
    }

    /** Matches when no runtime runs in this JVM, so that the application starts its own. */
    static final class None extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionMessage.Builder message = ConditionMessage.forCondition("No running reload runtime");
            return anywhere() ? ConditionOutcome.noMatch(message.found("runtime").items(visible().map(Object::toString)
                    .orElse("started by the agent in the system class loader")))
                    : ConditionOutcome.match(message.didNotFind("runtime").atAll());
        }
    }
}
