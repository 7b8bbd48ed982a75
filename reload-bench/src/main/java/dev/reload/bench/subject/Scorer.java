package dev.reload.bench.subject;

/** The service every benchmark calls: cheap enough that the cost of getting to it dominates. */
public interface Scorer {

    int score(int x);
}
