package dev.reload.agent.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The child JVMs of one test: register with {@code @RegisterExtension}, start children through it, and each is
 * killed after the test whatever happened. When the test fails, everything each child printed goes to standard
 * error, so that the report shows what the child saw; with {@code -Dreload.it.transcripts=true} it goes there after
 * every test.
 */
final class ChildJvms implements AfterEachCallback, TestExecutionExceptionHandler {

    private static final boolean ALWAYS_PRINT = Boolean.getBoolean("reload.it.transcripts");

    private final List<ChildJvm> started = new CopyOnWriteArrayList<>();

    ChildJvm start(ChildJvm.Launch launch) {
        ChildJvm child = launch.start();
        started.add(child);
        return child;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (ChildJvm child : started) {
            System.err.println("=== " + context.getDisplayName() + " failed; " + child.transcript());
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (ChildJvm child : started) {
            child.close();
            if (ALWAYS_PRINT && context.getExecutionException().isEmpty()) {
                System.err.println("=== " + context.getDisplayName() + "; " + child.transcript());
            }
        }
        started.clear();
    }
}
