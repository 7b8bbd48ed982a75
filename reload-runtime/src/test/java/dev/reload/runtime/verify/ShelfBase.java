package dev.reload.runtime.verify;

/** An application base class that implements part of {@link Shelf}. */
public abstract class ShelfBase implements Shelf {

    @Override
    public int count() {
        return 1;
    }
}
