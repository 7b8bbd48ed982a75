package dev.reload.api;

/**
 * Carries an implementation's state to the version that replaces it: the old instance exports a snapshot, the new
 * one imports it before it serves its first call.
 *
 * <pre>{@code
 * public final class Counter implements Hits, Handover<Long> {
 *     private final AtomicLong count = new AtomicLong();
 *
 *     public long hit() { return count.incrementAndGet(); }
 *     public Long exportState() { return count.get(); }
 *     public void importState(Long state) { count.set(state); }
 * }
 * }</pre>
 *
 * <p>A swap between two implementations of {@code Handover} holds new calls while the old version drains, exports
 * and the new one imports, so that no update made through the old version is lost. The hold is bounded by the
 * runtime's drain timeout: a call held longer fails with {@link ServiceUnavailableException}. Swaps of services
 * without a handover never hold a call.
 *
 * <p>While the old version drains, its calls must not call a service of the same plugin that hands over: that call
 * would wait for the handover, and the handover for it, until the drain timeout refuses the swap.
 *
 * <p>The snapshot must be made of JDK and API types only (strings, numbers, collections, maps, arrays, records of
 * those): an object of a plugin class would keep the old version's class loader alive, so such a snapshot is
 * refused and the old version keeps serving.
 *
 * @param <S> the type of the snapshot
 */
public interface Handover<S> {

    /**
     * Called on the old instance once no call is inside it any more. It must leave the instance as it was: when the
     * new version refuses the state, the old instance goes on serving.
     *
     * @return a snapshot of the state to carry over; may be {@code null}
     */
    S exportState();

    /**
     * Called on the new instance before any call reaches it.
     *
     * @param state what the old instance exported
     */
    void importState(S state);
}
