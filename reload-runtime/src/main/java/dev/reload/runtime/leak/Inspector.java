package dev.reload.runtime.leak;

import java.util.List;

/**
 * The finder's work, as {@link LeakFinder} asks it of the code {@link FinderLoader} defines. Public only because that
 * code is in another class loader, hence another runtime package; see {@link LeakFinder} for what each method does.
 */
public interface Inspector {

    /** @see LeakFinder#holdersOf(ClassLoader) */
    List<String> holdersOf(ClassLoader loader);

    /** @see LeakFinder#releaseAtRetirement(ClassLoader) */
    List<String> releaseAtRetirement(ClassLoader loader);
}
