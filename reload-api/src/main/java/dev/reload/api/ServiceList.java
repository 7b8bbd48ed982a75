package dev.reload.api;

import java.util.stream.Stream;

/**
 * Every plugin that provides a service, as {@link ServiceRegistry#all(Class)} returns it: a live, read-only view for
 * extension points that many plugins serve at once.
 *
 * <p>Its elements are proxies, one per plugin id, in plugin id order, each the very object
 * {@link ServiceRegistry#get(Class, String)} returns for that id. Each iteration, and each stream, starts from the
 * plugins that provide the service at that moment, so it sees plugins that arrived or left since the last one; a
 * change while it runs does not disturb it. An element held on to keeps following its plugin from version to version
 * like any proxy; once that plugin no longer provides the service, calls on it throw
 * {@link ServiceUnavailableException}, until a version providing it arrives again.
 *
 * <p>Thread-safe: any number of threads may iterate it or stream it at once, while plugins come and go. Its iterators
 * do not support {@code remove}.
 *
 * @param <T> the service type
 */
public interface ServiceList<T> extends Iterable<T> {

    /**
     * @return the proxies of the plugins that provide the service now, in plugin id order, as a sequential stream
     */
    Stream<T> stream();
}
