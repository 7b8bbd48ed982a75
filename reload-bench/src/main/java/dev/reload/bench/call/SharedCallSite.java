package dev.reload.bench.call;

import dev.reload.bench.subject.Scorer;

/**
 * One interface call site that set-up can feed many receiver classes, to tell the cost of a megamorphic call apart
 * from the cost of the proxy around it.
 */
final class SharedCallSite {

    private SharedCallSite() {
    }

    static int call(Scorer scorer, int x) {
        return scorer.score(x);
    }
}
