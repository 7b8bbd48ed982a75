package dev.reload.runtime.verify;

/** An application class that plugins call; tests compile plugins against other versions of it. */
public class Inventory {

    public static int capacity = 10;

    public String owner = "application";

    public static Inventory open() {
        return new Inventory();
    }

    public String find(String name, int shelf) {
        return name + shelf;
    }

    public int size() {
        return 0;
    }
}
