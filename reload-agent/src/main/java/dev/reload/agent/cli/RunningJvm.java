package dev.reload.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.reload.runtime.manage.FleetMXBean;
import dev.reload.runtime.manage.ManagementNames;
import dev.reload.runtime.manage.PluginMXBean;
import dev.reload.runtime.manage.RegistryMXBean;
import dev.reload.runtime.manage.StatusReport;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;

/**
 * A local JVM whose reload runtime answers over JMX.
 *
 * <p>The connection goes through the JVM's local management agent, which the attach API starts on demand: the
 * operator needs no JMX port configured in advance, and the connector listens on the loopback interface only, for
 * the same user, as the attach API itself does.
 *
 * <p>A pid of a live process that is not a JVM is reported only after the JDK's attach timeout (about 10 s): the
 * attach API cannot tell such a process from a busy JVM, and checking the pid against the JVMs it lists instead would
 * turn away JVMs that run without performance data ({@code -XX:-UsePerfData}), which it does not list.
 */
final class RunningJvm implements AutoCloseable {

    private static final long REGISTRY_GRACE_NANOS = 3_000_000_000L;

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private RunningJvm(long pid, JMXConnector connector, MBeanServerConnection connection) {
        this.pid = pid;
        this.connector = connector;
        this.connection = connection;
    }

    /**
     * @throws CommandException when {@code pid} is not a JVM this user can attach to, or runs no reload runtime
     */
    static RunningJvm connect(long pid) throws CommandException {
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(localConnectorAddress(pid)));
        } catch (IOException e) {
            throw CommandException.failed("cannot connect to the management agent of JVM " + pid + ": "
                    + RemoteFailure.describe(e));
        }
        MBeanServerConnection connection;
        boolean runsReload;
        try {
            connection = connector.getMBeanServerConnection();
            runsReload = awaitRegistry(connection);
        } catch (IOException e) {
            closeQuietly(connector);
            throw CommandException.failed("lost the connection to JVM " + pid + ": " + RemoteFailure.describe(e));
        }
        if (!runsReload) {
            closeQuietly(connector);
            throw CommandException.failed("JVM " + pid + " does not run reload: start it with "
                    + "-javaagent:reload-agent.jar=plugins=<dir>");
        }
        return new RunningJvm(pid, connector, connection);
    }

    /**
     * A runtime registers its MBeans in the background, half a second after it starts: a JVM started a moment ago
     * gets a few seconds to show them.
     */
    private static boolean awaitRegistry(MBeanServerConnection connection) throws IOException {
        long deadline = System.nanoTime() + REGISTRY_GRACE_NANOS;
        while (!connection.isRegistered(ManagementNames.REGISTRY)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    RegistryMXBean registry() {
        return JMX.newMXBeanProxy(connection, ManagementNames.REGISTRY, RegistryMXBean.class);
    }

    /**
     * Polls the repository the JVM follows, if it follows one, and waits for what that installs or removes.
     *
     * @return what the poll found, a line per followed artifact and a line break; empty without the fleet option
     * @throws IOException when the connection is lost
     */
    String pollFleet() throws IOException {
        if (!connection.isRegistered(ManagementNames.FLEET)) {
            return "";
        }
        return JMX.newMXBeanProxy(connection, ManagementNames.FLEET, FleetMXBean.class).poll()
                + System.lineSeparator();
    }

    /** @throws IOException when the connection is lost */
    StatusReport status() throws IOException {
        return StatusReport.read(pid, connection);
    }

    /**
     * @throws CommandException when the runtime knows no plugin of that id; the message lists those it knows
     * @throws IOException      when the connection is lost
     */
    PluginMXBean plugin(String id) throws CommandException, IOException {
        ObjectName name = pluginName(id);
        if (name == null || !connection.isRegistered(name)) {
            String[] known = registry().getPlugins();
            throw CommandException.failed("no plugin '" + id + "' in JVM " + pid + "; plugins: "
                    + (known.length == 0 ? "none" : String.join(", ", known)));
        }
        return JMX.newMXBeanProxy(connection, name, PluginMXBean.class);
    }

    @Override
    public void close() {
        closeQuietly(connector);
    }

    private static String localConnectorAddress(long pid) throws CommandException {
        if (ProcessHandle.of(pid).isEmpty()) {
            throw CommandException.failed(notAttachable(pid, "no process has that pid"));
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw CommandException.failed(notAttachable(pid, RemoteFailure.describe(e)));
        }
        try {
            // Starts the agent if the JVM has none yet. It stays until the JVM exits: a loopback-only connector,
            // idle between uses, so the next command connects at once.
            return vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw CommandException.failed("JVM " + pid + " did not start its local management agent: "
                    + RemoteFailure.describe(e));
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The address is all we needed from the attach connection.
            }
        }
    }

    private static String notAttachable(long pid, String cause) {
        return "no Java process with pid " + pid + " can be attached: " + cause;
    }

    /** @return the plugin's MBean name, or {@code null} if no object name can hold the id */
    private static ObjectName pluginName(String id) {
        try {
            return ManagementNames.plugin(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException ignored) {
            // The JVM went away; there is nothing left to close.
        }
    }
}
