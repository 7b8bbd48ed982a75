package dev.reload.runtime.plugin;

import java.lang.ref.WeakReference;

/**
 * A plugin jar could not become a serving version. The message is the reason in plain words, without the file name,
 * which the caller adds.
 */
public final class PluginRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Weak, so that a refusal kept for its reason never keeps the refused classes loaded. */
    private transient WeakReference<ClassLoader> released;

    public PluginRejectedException(String reason) {
        super(reason);
    }

    public PluginRejectedException(String reason, Throwable cause) {
        super(reason, cause);
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
