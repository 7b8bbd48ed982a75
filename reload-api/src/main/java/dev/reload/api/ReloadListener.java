package dev.reload.api;

/**
 * Receives what the reload runtime does: loads, swaps, rejections, retirements and unloads.
 *
 * <p>Events are delivered one at a time, in the order they happened, on a runtime thread that does no other work, so
 * a slow listener delays later events but never a swap or a call. An exception thrown by a listener is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface ReloadListener {

    /**
     * @param event what happened
     */
    void onEvent(ReloadEvent event);
}
