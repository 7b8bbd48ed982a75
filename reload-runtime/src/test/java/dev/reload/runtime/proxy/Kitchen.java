package dev.reload.runtime.proxy;

/** An interface with every kind of signature the generated dispatch must get right. */
public interface Kitchen extends Pantry {

    long add(long a, int b);

    double scale(double x, float factor);

    boolean mix(boolean b, char c, byte by, short s);

    void record(String entry);

    int[] reverse(int[] values);

    <T> T echo(T value);

    void fail(Exception e) throws Exception;

    default String hello() {
        return "default hello";
    }
}
