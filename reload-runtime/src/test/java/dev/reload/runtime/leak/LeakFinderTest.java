package dev.reload.runtime.leak;

import dev.reload.runtime.plugin.PluginClassLoader;
import dev.reload.testkit.PluginJar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each test loads a real plugin jar in its own {@link PluginClassLoader}, lets it leave something behind, retires
 * the loader as the engine does (closes it and keeps only the reference the finder is asked about), then asks.
 * The JDK internals are opened once, as the agent would, so that every check runs.
 */
class LeakFinderTest {

    @TempDir
    static Path agentDir;

    @TempDir
    Path dir;

    private final LeakFinder finder = new LeakFinder();

    @BeforeAll
    static void openJdkInternalsAsTheAgentDoes() throws Exception {
        OpenedJdk.ensure(agentDir);
    }

    @Test
    void aThreadThePluginStartedAndNeverStoppedIsReportedWithItsNameAndStack() throws Exception {
        Path jar = PluginJar.named("starter-1.0.0.jar").source("p.Starter", "package p;\n"
                + "public class Starter implements Runnable {\n"
                + "  public void run() {\n"
                + "    Thread worker = new Thread(() -> {\n"
                + "      try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }\n"
                + "    }, \"leaky-worker\");\n"
                + "    worker.setDaemon(true);\n"
                + "    worker.start();\n"
                + "  }\n"
                + "}\n").writeTo(dir);
        try {
            PluginClassLoader loader = retired(jar, Runnable.class, Runnable::run);
            // A thread only just started may have no frames yet, and the finding then no stack to show.
            await().atMost(Duration.ofSeconds(10)).until(() -> isSleeping("leaky-worker"));

            List<String> holders = finder.holdersOf(loader);

            assertThat(holders).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("thread \"leaky-worker\" keeps the plugin loaded: it runs p.Starter$$Lambda")
                    .contains("; it was created by plugin code, whose protection domain it keeps")
                    .contains("; it is running plugin code")
                    .contains("java.lang.Thread.sleep(Native Method)")
                    .contains("    at reload:starter@1.0.0#1//p.Starter.lambda$run$0(Starter.java:5)"));
        } finally {
            stopThreadsNamed("leaky-worker");
        }
    }

    @Test
    void aValueThePluginLeftInAThreadLocalOfTheCallingThreadIsReportedUntilItIsRemoved() throws Exception {
        Path jar = PluginJar.named("remember-1.0.0.jar").source("p.Remember", "package p;\n"
                + "public class Remember implements Runnable, AutoCloseable {\n"
                + "  static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();\n"
                + "  public static class Session { }\n"
                + "  public void run() { CURRENT.set(new Session()); }\n"
                + "  public void close() { CURRENT.remove(); }\n"
                + "}\n").writeTo(dir);
        List<AutoCloseable> plugin = new ArrayList<>();
        PluginClassLoader loader = retired(jar, AutoCloseable.class, remember -> {
            ((Runnable) remember).run();
            plugin.add(remember);
        });

        assertThat(finder.holdersOf(loader)).containsExactly("thread \"" + Thread.currentThread().getName()
                + "\" keeps the plugin loaded through a thread local: ThreadLocal java.lang.ThreadLocal, "
                + "value p.Remember$Session (a plugin class)");

        plugin.get(0).close();
        assertThat(finder.holdersOf(loader)).isEmpty();
    }

    @Test
    void aPluginThreadLocalLeftOnAPoolThreadTheHostKeepsIsReported() throws Exception {
        Path jar = PluginJar.named("tag-1.0.0.jar").source("p.Tag", "package p;\n"
                + "public class Tag implements Runnable {\n"
                + "  static final InheritableThreadLocal<String> TAG = new InheritableThreadLocal<>() { };\n"
                + "  public void run() { TAG.set(\"tagged\"); }\n"
                + "}\n").writeTo(dir);
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "host-pool"));
        try {
            PluginClassLoader loader = retired(jar, Runnable.class, tag -> runOn(pool, tag));

            assertThat(finder.holdersOf(loader)).containsExactly("thread \"host-pool\" keeps the plugin loaded "
                    + "through an inheritable thread local: ThreadLocal p.Tag$1 (a plugin class), value java.lang.String");
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aJdbcDriverThePluginRegisteredIsReportedUntilReleaseAtRetirementDeregistersIt() throws Exception {
        Path jar = PluginJar.named("registrar-1.0.0.jar")
                .source("p.LeakyDriver", "package p;\n"
                        + "import java.sql.*;\n"
                        + "import java.util.Properties;\n"
                        + "public class LeakyDriver implements Driver {\n"
                        + "  public Connection connect(String url, Properties info) { return null; }\n"
                        + "  public boolean acceptsURL(String url) { return url.startsWith(\"jdbc:leaky:\"); }\n"
                        + "  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {\n"
                        + "    return new DriverPropertyInfo[0];\n"
                        + "  }\n"
                        + "  public int getMajorVersion() { return 1; }\n"
                        + "  public int getMinorVersion() { return 0; }\n"
                        + "  public boolean jdbcCompliant() { return false; }\n"
                        + "  public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {\n"
                        + "    throw new SQLFeatureNotSupportedException();\n"
                        + "  }\n"
                        + "}\n")
                .source("p.Registrar", "package p;\n"
                        + "public class Registrar implements Runnable {\n"
                        + "  public void run() {\n"
                        + "    try { java.sql.DriverManager.registerDriver(new LeakyDriver()); }\n"
                        + "    catch (java.sql.SQLException e) { throw new IllegalStateException(e); }\n"
                        + "  }\n"
                        + "}\n")
                .writeTo(dir);
        PluginClassLoader loader = retired(jar, Runnable.class, Runnable::run);
        try {
            assertThat(finder.holdersOf(loader))
                    .containsExactly("JDBC driver p.LeakyDriver is still registered with java.sql.DriverManager");

            assertThat(finder.releaseAtRetirement(loader)).containsExactly("deregistered JDBC driver p.LeakyDriver");

            assertThat(finder.holdersOf(loader)).isEmpty();
            assertThat(finder.releaseAtRetirement(loader)).isEmpty();
        } finally {
            finder.releaseAtRetirement(loader);
        }
    }

    @Test
    void aShutdownHookThePluginAddedIsReported() throws Exception {
        Path jar = PluginJar.named("hooks-1.0.0.jar").source("p.Hooks", "package p;\n"
                + "public class Hooks implements Runnable, AutoCloseable {\n"
                + "  private static Thread hook;\n"
                + "  public void run() {\n"
                + "    hook = new Thread(() -> { }, \"leaky-hook\");\n"
                + "    Runtime.getRuntime().addShutdownHook(hook);\n"
                + "  }\n"
                + "  public void close() { Runtime.getRuntime().removeShutdownHook(hook); }\n"
                + "}\n").writeTo(dir);
        List<AutoCloseable> plugin = new ArrayList<>();
        PluginClassLoader loader = retired(jar, AutoCloseable.class, hooks -> {
            ((Runnable) hooks).run();
            plugin.add(hooks);
        });
        try {
            assertThat(finder.holdersOf(loader)).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("shutdown hook \"leaky-hook\" keeps the plugin loaded: it runs p.Hooks$$Lambda")
                    .endsWith("; it was created by plugin code, whose protection domain it keeps"));
        } finally {
            plugin.get(0).close();
        }
    }

    @Test
    void aTaskThePluginScheduledOnAHostTimerIsReported() throws Exception {
        Path jar = PluginJar.named("ticker-1.0.0.jar").source("p.Ticker", "package p;\n"
                + "public class Ticker implements java.util.function.Consumer<java.util.Timer> {\n"
                + "  public void accept(java.util.Timer timer) {\n"
                + "    timer.schedule(new java.util.TimerTask() { public void run() { } }, 3_600_000L);\n"
                + "  }\n"
                + "}\n").writeTo(dir);
        Timer timer = new Timer("host-timer", true);
        try {
            // Until its thread has run a task, it may have no frames yet, and the finding then no stack to show.
            CountDownLatch started = new CountDownLatch(1);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    started.countDown();
                }
            }, 0);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            @SuppressWarnings("unchecked")
            PluginClassLoader loader = retired(jar, Consumer.class, ticker -> ticker.accept(timer));

            assertThat(finder.holdersOf(loader)).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("thread \"host-timer\" keeps the plugin loaded: its timer queue holds p.Ticker$1")
                    .contains("java.util.TimerThread.mainLoop("));
        } finally {
            timer.cancel();
        }
    }

    @Test
    void aHandlerThePluginAddedToAHostLoggerIsReported() throws Exception {
        Path jar = PluginJar.named("audit-1.0.0.jar").source("p.Audit", "package p;\n"
                + "import java.util.logging.*;\n"
                + "public class Audit implements java.util.function.Consumer<Logger> {\n"
                + "  public void accept(Logger logger) {\n"
                + "    logger.addHandler(new Handler() {\n"
                + "      public void publish(LogRecord r) { }\n"
                + "      public void flush() { }\n"
                + "      public void close() { }\n"
                + "    });\n"
                + "  }\n"
                + "}\n").writeTo(dir);
        Logger logger = Logger.getLogger("host.audit");
        try {
            @SuppressWarnings("unchecked")
            PluginClassLoader loader = retired(jar, Consumer.class, audit -> audit.accept(logger));

            assertThat(finder.holdersOf(loader))
                    .containsExactly("logger \"host.audit\" has handler p.Audit$1 (a plugin class)");
        } finally {
            for (Handler handler : logger.getHandlers()) {
                logger.removeHandler(handler);
            }
        }
    }

    @Test
    void aWellBehavedPluginIsHeldByNothingAndItsLoaderIsCollected() {
        Path jar = PluginJar.named("polite-1.0.0.jar").source("p.Polite", "package p;\n"
                + "public class Polite implements Runnable {\n"
                + "  public void run() { new StringBuilder(\"hello\").reverse(); }\n"
                + "}\n").writeTo(dir);
        List<String> holders = new ArrayList<>();

        WeakReference<ClassLoader> loader = retireAndAsk(jar, holders);

        assertThat(holders).isEmpty();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    /** Keeps the loader in this frame only, so that nothing but the weak reference outlives the call. */
    private WeakReference<ClassLoader> retireAndAsk(Path jar, List<String> holders) {
        PluginClassLoader loader = retired(jar, Runnable.class, Runnable::run);
        holders.addAll(finder.holdersOf(loader));
        return new WeakReference<>(loader);
    }

    /**
     * Loads {@code p.<Name>} of the jar in a plugin loader, hands an instance to {@code use}, then closes the loader
     * as retirement does.
     */
    private static <T> PluginClassLoader retired(Path jar, Class<T> type, Consumer<T> use) {
        String fileName = jar.getFileName().toString();
        String name = fileName.substring(0, fileName.lastIndexOf('-'));
        PluginClassLoader loader = new PluginClassLoader("reload:" + name + "@1.0.0#1", jar,
                LeakFinderTest.class.getClassLoader(), Set.of());
        try {
            String className = "p." + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            use.accept(type.cast(loader.loadClass(className).getConstructor().newInstance()));
            loader.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return loader;
    }

    private static void runOn(ExecutorService pool, Runnable task) {
        try {
            pool.submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isSleeping(String name) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name) && thread.getState() == Thread.State.TIMED_WAITING) {
                return true;
            }
        }
        return false;
    }

    private static void stopThreadsNamed(String name) throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                thread.interrupt();
                thread.join(10_000);
                assertThat(thread.isAlive()).as("thread " + name + " stopped").isFalse();
            }
        }
    }
}
