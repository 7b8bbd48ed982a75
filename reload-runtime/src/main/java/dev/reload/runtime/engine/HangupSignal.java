package dev.reload.runtime.engine;

import dev.reload.runtime.log.Log;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP as "pick up the new code now", the way process managers use it: a rescan of the plugins directory, for file
 * systems whose change events never arrive (NFS) and for scripted deploys.
 *
 * <p>A handler the application installed before is called after ours, so its own use of SIGHUP keeps working. The
 * JVM's own handler, which shuts the JVM down, is not chained (it and the default actions are the JDK's, loaded by
 * the boot loader): a reload request must not stop the service.
 */
final class HangupSignal {

    private static final Log LOG = Log.get(HangupSignal.class);

    /** Not a constant: this class must load, and tell why there is no SIGHUP, where sun.misc.Signal is missing. */
    private final Signal hup;
    private final SignalHandler previous;
    private final SignalHandler ours;

    private HangupSignal(Signal hup, SignalHandler previous, SignalHandler ours) {
        this.hup = hup;
        this.previous = previous;
        this.ours = ours;
    }

    /**
     * @param onHangup what to do on SIGHUP; runs on the JVM's signal thread and must return quickly
     * @return the installed handler, or {@code null} when the platform or the JVM's own use of the signal (as with
     *         {@code -Xrs}) does not allow it
     */
    static HangupSignal install(Runnable onHangup) {
        if (!signalsAvailable()) {
            // A modular application's JVM resolves only the modules the application needs.
            LOG.warn("SIGHUP cannot be used to rescan: this JVM runs without the module jdk.unsupported (start it "
                    + "with --add-modules jdk.unsupported); use poll or the reload operation");
            return null;
        }
        Signal hup = new Signal("HUP");
        SignalHandler[] chained = new SignalHandler[1];
        SignalHandler ours = signal -> {
            LOG.info("SIGHUP: rescanning the plugins directory");
            onHangup.run();
            SignalHandler next = chained[0];
            if (next != null && next.getClass().getClassLoader() != null) {
                next.handle(signal);
            }
        };
        try {
            chained[0] = Signal.handle(hup, ours);
            return new HangupSignal(hup, chained[0], ours);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("SIGHUP cannot be used to rescan (" + e.getMessage() + "); use poll or the reload operation");
            return null;
        }
    }

    private static boolean signalsAvailable() {
        try {
            Class.forName("sun.misc.Signal", false, HangupSignal.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Puts back the handler that was there before, unless someone replaced ours meanwhile. */
    void uninstall() {
        try {
            SignalHandler current = Signal.handle(hup, previous);
            if (current != ours) {
                Signal.handle(hup, current);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("could not restore the previous SIGHUP handler: " + e);
        }
    }
}
