package dev.reload.agent.it;

import dev.reload.api.ServiceRegistry;
import dev.reload.testkit.Greeter;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * An application that has JNA of its own on its class path, run with the agent. It prints, one line per fact:
 * <pre>
 * answered &lt;answer&gt;                            a call through the proxy, on the gate the agent runs
 * gate &lt;asymmetric|atomic&gt;                     the registry MBean's Gate
 * jna loader &lt;system|other&gt; from &lt;jar&gt;     the JNA the application's own class loader gives it
 * getpid &lt;pid&gt; of &lt;pid&gt;                        a native call through the application's JNA, and the real pid
 * </pre>
 * then waits for standard input to close. JNA is reached by reflection: the tests compile without it.
 */
public final class JnaApp {

    private JnaApp() {
    }

    public static void main(String[] args) throws Exception {
        Greeter greeter = ServiceRegistry.get(Greeter.class);
        System.out.println("answered " + greeter.greet("main"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName registry = new ObjectName("dev.reload:type=Registry");
        // The runtime registers its MBeans in the background, soon after main starts.
        for (int i = 0; i < 400 && !server.isRegistered(registry); i++) {
            Thread.sleep(50);
        }
        System.out.println("gate " + server.getAttribute(registry, "Gate"));
        Class<?> nativeClass = Class.forName("com.sun.jna.Native");
        System.out.println("jna loader "
                + (nativeClass.getClassLoader() == ClassLoader.getSystemClassLoader() ? "system" : "other")
                + " from " + nativeClass.getProtectionDomain().getCodeSource().getLocation());
        Class<?> function = Class.forName("com.sun.jna.Function");
        Object getpid = function.getMethod("getFunction", String.class, String.class).invoke(null, "c", "getpid");
        Object pid = function.getMethod("invokeInt", Object[].class).invoke(getpid, (Object) new Object[0]);
        System.out.println("getpid " + pid + " of " + ProcessHandle.current().pid());
        // Stays up for the command line, until the test closes standard input or ends the JVM.
        System.in.read();
    }
}
