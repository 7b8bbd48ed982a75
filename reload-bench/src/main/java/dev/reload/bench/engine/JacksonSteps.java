package dev.reload.bench.engine;

import dev.reload.bench.report.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the time of a swap of the Jackson plugin goes, step by step: the engine's own timestamps split the swap at
 * the implementation class's initialisation and its constructor's return; what comes before those is split by timing
 * each step alone on the same jars ({@link LoadSteps}), and what is left of it is detection, the settle decision, the
 * directory scan and the definition of the implementation class.
 */
final class JacksonSteps {

    static final int RUNS = 20;

    private JacksonSteps() {
    }

    static String table(SwapLatency.Run swaps) throws Exception {
        List<byte[]> jars = new ArrayList<>();
        for (int n = 0; n < RUNS + 5; n++) {
            jars.add(JacksonPlugins.jar("scorer", n));
        }
        LoadSteps steps = LoadSteps.measure(jars, JacksonPlugins::implementation);
        long copy = steps.copy.median();
        long limits = steps.openAndLimits.median();
        long declarations = steps.declarations.median();
        long linkage = steps.linkage.median();
        long beforeInit = swaps.toInit.median();
        long rest = beforeInit - copy - limits - declarations - linkage;
        Table table = new Table("step", "how it is timed", "median, ms");
        table.row("detect, settle, scan, define the implementation class", "rename → class initialised, less the "
                + "four steps below", Table.millis(rest));
        table.row("copy the jar", "alone", Table.millis(copy));
        table.row("open, zip limits (every entry inflated, class files kept for the linkage check)", "alone",
                Table.millis(limits));
        table.row("trust (signatures)", "no trust store by default: not run", "0");
        table.row("service declarations", "alone", Table.millis(declarations));
        table.row("linkage check", "alone, one verifier across loads", Table.millis(linkage));
        table.row("instantiate (class loading of what the constructor uses)", "in the engine: class initialised → "
                + "constructed", Table.millis(swaps.initToConstructed.median()));
        table.row("route, first call (class loading of what it uses)", "in the engine: constructed → first call "
                + "served", Table.millis(swaps.constructedToServed.median()));
        table.row("**total**", "in the engine: rename → first call served", Table.millis(swaps.total.median()));
        table.row("a whole load without the linkage check", "alone: copy, limits, declarations, define, "
                + "instantiate", Table.millis(steps.loadWithoutLinkage.median()));
        return table.toMarkdown();
    }
}
