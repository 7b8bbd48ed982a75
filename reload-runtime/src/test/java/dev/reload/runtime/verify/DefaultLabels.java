package dev.reload.runtime.verify;

/** An application interface that gives {@link Shelf#label} a default. */
public interface DefaultLabels extends Shelf {

    @Override
    default String label(String item) {
        return "[" + item + "]";
    }
}
