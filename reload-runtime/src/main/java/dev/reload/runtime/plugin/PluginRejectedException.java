package dev.reload.runtime.plugin;

/**
 * A plugin jar could not become a serving version. The message is the reason in plain words, without the file name,
 * which the caller adds.
 */
public final class PluginRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginRejectedException(String reason) {
        super(reason);
    }

    public PluginRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
