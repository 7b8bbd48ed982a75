package dev.reload.bench.engine;

import dev.reload.bench.report.Samples;
import dev.reload.bench.subject.Scorer;
import dev.reload.runtime.ReloadOptions;
import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.plugin.LoadedPlugin;
import dev.reload.runtime.plugin.PluginConfig;
import dev.reload.runtime.plugin.PluginCoordinates;
import dev.reload.runtime.plugin.PluginLoader;
import dev.reload.runtime.plugin.ServiceDeclarations;
import dev.reload.runtime.verify.LinkageVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The steps a load goes through, each timed alone on a staged jar, the way the runtime runs them: one pass over the
 * jar for the limits that also keeps the class files for the linkage check, one linkage verifier kept across loads,
 * as a runtime keeps one, and a new class loader for every load. What the engine's own
 * timings cannot split (everything before the implementation class is initialised) is split here.
 */
final class LoadSteps {

    private static final int WARM_UP = 5;

    final Samples copy = new Samples();
    final Samples openAndLimits = new Samples();
    final Samples declarations = new Samples();
    final Samples linkage = new Samples();
    /** A whole load without the linkage check: copy, limits, declarations, class definition and instantiation. */
    final Samples loadWithoutLinkage = new Samples();

    private LoadSteps() {
    }

    /**
     * @param jars           the versions to load, one after the other, each a jar of its own
     * @param implementation the binary name of the implementation class of version {@code i}, from {@code i}
     */
    static LoadSteps measure(List<byte[]> jars, java.util.function.IntFunction<String> implementation)
            throws Exception {
        LoadSteps steps = new LoadSteps();
        ReloadOptions defaults = ReloadOptions.defaults();
        JarLimits limits = new JarLimits(defaults.maxJarEntries(), defaults.maxJarSize());
        ClassLoader host = LoadSteps.class.getClassLoader();
        LinkageVerifier verifier = new LinkageVerifier(host);
        try (DeploymentArea area = new DeploymentArea()) {
            Path copies = Files.createDirectory(area.plugins().resolve(".copies"));
            PluginLoader loader = new PluginLoader(host, copies, limits, null, null, area.plugins().resolve(".data"));
            for (int i = 0; i < jars.size(); i++) {
                Path jar = area.stage(jars.get(i));
                boolean counted = i >= WARM_UP;
                long start = System.nanoTime();
                Path copy = Files.copy(jar, copies.resolve("copy-" + i + ".jar"));
                long copied = System.nanoTime();
                JarLimits.Inflated inflated = limits.inflate(copy, ServiceDeclarations.ANNOTATION_MARKER, true);
                long checked = System.nanoTime();
                ServiceDeclarations.read(copy, inflated);
                long declared = System.nanoTime();
                List<String> problems = verifier.verify(inflated.classFiles(), inflated.multiRelease(),
                        Map.of(Scorer.class, Set.of(implementation.apply(i))));
                long linked = System.nanoTime();
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("the linkage check refuses the benchmark's jar: " + problems);
                }
                LoadedPlugin loaded = loader.load(jar, coordinates(jar), PluginConfig.NONE);
                long whole = System.nanoTime();
                loaded.closeInstances();
                loaded.release();
                if (counted) {
                    steps.copy.add(copied - start);
                    steps.openAndLimits.add(checked - copied);
                    steps.declarations.add(declared - checked);
                    steps.linkage.add(linked - declared);
                    steps.loadWithoutLinkage.add(whole - linked);
                }
            }
        }
        return steps;
    }

    private static PluginCoordinates coordinates(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return PluginCoordinates.of("scorer.jar", file.getManifest());
        }
    }
}
