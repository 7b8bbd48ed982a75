package dev.reload.spring.boot;

/** A service interface that is {@link AutoCloseable}, as a pooled resource's would be. */
public interface Connection extends AutoCloseable {

    @Override
    void close();
}
