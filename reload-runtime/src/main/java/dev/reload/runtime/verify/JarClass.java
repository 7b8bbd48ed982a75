package dev.reload.runtime.verify;

import java.util.List;

/**
 * A class read from the plugin jar, with what its bytecode refers to.
 *
 * @param nestHost the class whose source it was nested in, {@code null} for a top-level class
 */
record JarClass(ClassModel model, List<Reference> references, String nestHost) {

    static JarClass unreadable(String name) {
        return new JarClass(ClassModel.unreadable(name), List.of(), null);
    }

    String name() {
        return model.name();
    }
}
