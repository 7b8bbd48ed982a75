package dev.reload.runtime.verify;

import java.util.List;

/** A service interface of the test application, as the application has it. */
public interface Shelf {

    List<String> KINDS = List.of("small", "large");

    String label(String item);

    int count();

    default String describe() {
        return label("shelf") + count();
    }
}
