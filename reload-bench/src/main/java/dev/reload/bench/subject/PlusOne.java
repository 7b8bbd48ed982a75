package dev.reload.bench.subject;

/** The implementation behind the direct-call floor, and the first version behind a proxy. */
public final class PlusOne implements Scorer {

    @Override
    public int score(int x) {
        return x + 1;
    }
}
