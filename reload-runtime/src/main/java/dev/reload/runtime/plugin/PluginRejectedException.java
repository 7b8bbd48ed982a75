package dev.reload.runtime.plugin;

import java.lang.ref.WeakReference;

/**
 * A plugin jar could not become a serving version. The message is the reason in plain words, without the file name,
 * which the caller adds.
 */
public final class PluginRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The service interfaces the application's class loader lacks, when that is the whole reason; else null. */
    private final String unknownServices;
    /** Weak, so that a refusal kept for its reason never keeps the refused classes loaded. */
    private transient WeakReference<ClassLoader> released;

    public PluginRejectedException(String reason) {
        this(reason, null, null);
    }

    private PluginRejectedException(String reason, Throwable cause, String unknownServices) {
        super(reason, cause);
        this.unknownServices = unknownServices;
    }

    /**
     * A jar none of whose service interfaces the application's class loader has: with a loader that is not yet the
     * application's own (the agent starts before it exists), it may serve once the application's loader appears.
     */
    public static PluginRejectedException servicesUnknown(String reason, String unknownServices) {
        return new PluginRejectedException(reason, null, unknownServices);
    }

    /**
     * @return the service interfaces the application's class loader lacks, when the jar was refused only for them;
     *         else {@code null}
     */
    public String unknownServices() {
        return unknownServices;
    }

    public PluginRejectedException(String reason, Throwable cause) {
        this(reason, cause, null);
    }

    /** Records the class loader the refused load made and let go. */
    PluginRejectedException released(ClassLoader loader) {
        this.released = loader == null ? null : new WeakReference<>(loader);
        return this;
    }

    /**
     * @return the class loader the refused load had made and let go, for the caller to watch for its collection (it
     *         must not keep it strongly); {@code null} when the jar was refused before it had one, or it is gone
     */
    public ClassLoader releasedLoader() {
        WeakReference<ClassLoader> ref = released;
        return ref == null ? null : ref.get();
    }
}
