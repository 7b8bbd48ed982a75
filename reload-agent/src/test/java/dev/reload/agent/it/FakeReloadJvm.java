package dev.reload.agent.it;

import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.runtime.manage.RegistryMXBean;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A JVM that looks like one running reload to a JMX client, and is nothing more: hand-written {@link PluginMXBean}s
 * and a {@link RegistryMXBean} with fixed attributes, registered under the runtime's names. It lets the command line
 * be tested against the MBean contract alone, whatever state the runtime is in.
 *
 * <p>Two plugins: {@code greeter} (2.0.0 active, 1.0.0 present, not pinned, nothing retiring) and
 * {@code order-service} (pinned to 1.2.0, 1.1.0 retiring with 2 calls inside, a last rejection with quotes in it).
 * {@code pin} refuses a version that is not present, {@code unpin} a plugin that is not pinned. With the argument
 * {@code without-reload} it registers nothing: a JVM that does not run reload. It prints {@code ready} when it is,
 * and exits when its standard input ends.
 *
 * <p>The class path must hold the manage interfaces: the agent jar, not loaded as an agent.
 */
public final class FakeReloadJvm {

    static final String PLUGINS_DIRECTORY = "/srv/reload/plugins";
    static final String LAST_REJECTION = "2025-01-02T03:04:05Z order-service-1.3.0.jar: the manifest says "
            + "\"1.3.0-rc1\"";

    private FakeReloadJvm() {
    }

    public static void main(String[] args) throws JMException, IOException {
        if (!List.of(args).contains("without-reload")) {
            register();
        }
        System.out.println("ready");
        InputStream in = System.in;
        while (in.read() >= 0) {
            // Only the end of standard input matters: the test is done with this JVM.
        }
    }

    private static void register() throws JMException {
        Map<String, Plugin> plugins = new TreeMap<>();
        plugins.put("greeter", new Plugin("greeter", "2.0.0", null, "ACTIVE", 0, 1234, 1, 0, null,
                new String[]{"2.0.0", "1.0.0"}, Map.of()));
        Map<String, Long> retiring = new LinkedHashMap<>();
        retiring.put("1.1.0", 2L);
        plugins.put("order-service", new Plugin("order-service", "1.2.0", "1.2.0", "PINNED", 3, 98, 12, 1,
                LAST_REJECTION, new String[]{"1.3.0", "1.2.0", "1.1.0"}, retiring));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.registerMBean(new StandardMBean(new Registry(plugins), RegistryMXBean.class, true),
                new ObjectName("dev.reload:type=Registry"));
        for (Plugin plugin : plugins.values()) {
            server.registerMBean(new StandardMBean(plugin, PluginMXBean.class, true),
                    new ObjectName("dev.reload:type=Plugin,name=" + plugin.id));
        }
    }

    private static final class Registry implements RegistryMXBean {

        private final Map<String, Plugin> plugins;

        Registry(Map<String, Plugin> plugins) {
            this.plugins = plugins;
        }

        @Override
        public String getPluginsDirectory() {
            return PLUGINS_DIRECTORY;
        }

        @Override
        public String[] getPlugins() {
            return plugins.keySet().toArray(String[]::new);
        }

        @Override
        public String getGate() {
            return "asymmetric";
        }

        @Override
        public Map<String, String> getOptions() {
            return Map.of("plugins", PLUGINS_DIRECTORY, "settleTime", "50ms");
        }

        @Override
        public String rescan() {
            return plugins.values().stream().map(p -> p.id + " " + p.getActiveVersion())
                    .collect(Collectors.joining("\n"));
        }
    }

    private static final class Plugin implements PluginMXBean {

        private final String id;
        private final String state;
        private final long inFlight;
        private final long calls;
        private final long swaps;
        private final long rejects;
        private final String lastRejection;
        private final String[] versions;
        private final Map<String, Long> retiring;
        private String active;
        private String pinned;

        Plugin(String id, String active, String pinned, String state, long inFlight, long calls, long swaps,
               long rejects, String lastRejection, String[] versions, Map<String, Long> retiring) {
            this.id = id;
            this.active = active;
            this.pinned = pinned;
            this.state = state;
            this.inFlight = inFlight;
            this.calls = calls;
            this.swaps = swaps;
            this.rejects = rejects;
            this.lastRejection = lastRejection;
            this.versions = versions;
            this.retiring = retiring;
        }

        @Override
        public synchronized String getActiveVersion() {
            return active;
        }

        @Override
        public String[] getVersions() {
            return versions.clone();
        }

        @Override
        public synchronized String getPinnedVersion() {
            return pinned;
        }

        @Override
        public synchronized String getState() {
            return pinned == null ? state : "PINNED";
        }

        @Override
        public long getInFlight() {
            return inFlight;
        }

        @Override
        public long getCalls() {
            return calls;
        }

        @Override
        public long getSwaps() {
            return swaps;
        }

        @Override
        public long getRejects() {
            return rejects;
        }

        @Override
        public String getLastRejection() {
            return lastRejection;
        }

        @Override
        public String[] getRefused() {
            return new String[0];
        }

        @Override
        public Map<String, Long> getRetiring() {
            return retiring;
        }

        @Override
        public Map<String, String> getBadVersions() {
            return Map.of();
        }

        @Override
        public synchronized String pin(String version) {
            if (!Arrays.asList(versions).contains(version)) {
                throw new IllegalStateException("no jar of " + id + " " + version + " in " + PLUGINS_DIRECTORY
                        + "; present: " + String.join(", ", versions));
            }
            String before = active;
            active = version;
            pinned = version;
            return "pinned " + id + " to " + version + " (was " + before + ")";
        }

        @Override
        public synchronized String unpin() {
            if (pinned == null) {
                throw new IllegalStateException(id + " is not pinned");
            }
            pinned = null;
            active = versions[0];
            return "unpinned " + id + "; " + active + " active";
        }

        @Override
        public String rollback() {
            throw new IllegalStateException(id + " has no earlier version to roll back to");
        }

        @Override
        public synchronized String reload() {
            return id + " " + active + " active, unchanged";
        }
    }
}
