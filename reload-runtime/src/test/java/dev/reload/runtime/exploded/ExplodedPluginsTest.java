package dev.reload.runtime.exploded;

import dev.reload.runtime.plugin.JarLimits;
import dev.reload.runtime.watch.PluginDirectory.Candidate;
import dev.reload.runtime.watch.PluginDirectory.Scan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A directory in the plugins directory as dev mode sees it: a snapshot per quiet change, its id and development
 * version, and the refusals that apply before anything loads.
 */
class ExplodedPluginsTest {

    private static final Scan NO_JARS = new Scan(List.of(), List.of(), Map.of(), null);
    private static final JarLimits LIMITS = new JarLimits(1000, 1 << 20);

    @TempDir
    Path plugins;
    @TempDir
    Path snapshots;
    @TempDir
    Path sources;
    private ExplodedPlugins exploded;

    @AfterEach
    void close() {
        if (exploded != null) {
            exploded.close();
        }
    }

    @Test
    void aDirectoryWithoutManifestIsNamedByItsEntryAndGetsDevVersions() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ZERO, false);

        Candidate first = only(exploded.addTo(NO_JARS, false));
        assertThat(first.file()).isEqualTo(tree);
        assertThat(first.coordinates().id()).isEqualTo("greeter");
        assertThat(first.coordinates().version().toString()).isEqualTo("dev.1");
        assertThat(first.coordinates().version().isDevelopment()).isTrue();

        Files.writeString(tree.resolve("demo/Greeter.class"), "changed, and longer");
        Candidate second = only(exploded.addTo(NO_JARS, false));
        assertThat(second.coordinates().version().toString()).isEqualTo("dev.2");
        assertThat(exploded.isCurrent(first)).isFalse();
        assertThat(exploded.isCurrent(second)).isTrue();
    }

    @Test
    void theManifestGivesTheIdAndTheBaseOfTheVersion() throws IOException {
        Path tree = tree(plugins.resolve("greeter-classes"));
        Files.createDirectories(tree.resolve("META-INF"));
        Files.writeString(tree.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\n"
                + "Reload-Plugin-Id: greeter\nReload-Plugin-Version: 1.4.0\n");
        exploded = devMode(Duration.ZERO, false);

        Candidate candidate = only(exploded.addTo(NO_JARS, false));

        assertThat(candidate.coordinates().id()).isEqualTo("greeter");
        assertThat(candidate.coordinates().version().toString()).isEqualTo("1.4.0-dev.1");
    }

    @Test
    void aSymbolicLinkIsNamedByTheLinkNotByItsTarget() throws IOException {
        Path classes = tree(sources.resolve("target/classes"));
        Path link = Files.createSymbolicLink(plugins.resolve("greeter"), classes);
        exploded = devMode(Duration.ZERO, false);

        Candidate candidate = only(exploded.addTo(NO_JARS, false));

        assertThat(candidate.file()).isEqualTo(link);
        assertThat(candidate.coordinates().id()).isEqualTo("greeter");
    }

    @Test
    void theSnapshotKeepsTheTreeAsItWasWhenCopied() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ZERO, false);
        Candidate candidate = only(exploded.addTo(NO_JARS, false));

        Files.writeString(tree.resolve("demo/Greeter.class"), "written by a later compile");
        Files.delete(tree.resolve("META-INF/services/demo.Greeting"));

        try (JarFile jar = new JarFile(exploded.contentOf(candidate).toFile())) {
            assertThat(new String(jar.getInputStream(jar.getJarEntry("demo/Greeter.class")).readAllBytes()))
                    .isEqualTo("class bytes");
            assertThat(jar.getJarEntry("META-INF/services/demo.Greeting")).isNotNull();
        }
    }

    @Test
    void everyChangeRestartsTheQuietPeriod() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ofSeconds(10), false);

        Scan first = exploded.addTo(NO_JARS, false);
        assertThat(first.candidates()).isEmpty();
        assertThat(first.present()).containsEntry(tree, false);
        assertThat(first.settleAgain()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));

        Files.writeString(tree.resolve("demo/Other.class"), "another class");
        assertThat(exploded.addTo(NO_JARS, false).settleAgain())
                .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        assertThat(only(exploded.addTo(NO_JARS, true)).coordinates().version().toString()).isEqualTo("dev.1");
    }

    @Test
    void aQuietTreeMakesAGenerationOnceTheQuietPeriodPassed() throws IOException {
        tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ofMillis(100), false);
        long start = System.nanoTime();
        assertThat(exploded.addTo(NO_JARS, false).candidates()).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> !exploded.addTo(NO_JARS, false).candidates().isEmpty());

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void aRefusedGenerationHandsBackToTheOneBeforeIt() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ZERO, false);
        Candidate good = only(exploded.addTo(NO_JARS, false));
        Files.writeString(tree.resolve("demo/Greeter.class"), "half-compiled");
        Candidate broken = only(exploded.addTo(NO_JARS, false));

        exploded.reject(broken);

        assertThat(only(exploded.addTo(NO_JARS, false))).isEqualTo(good);
        Files.writeString(tree.resolve("demo/Greeter.class"), "compiled again");
        assertThat(only(exploded.addTo(NO_JARS, false)).coordinates().version().toString()).isEqualTo("dev.3");
    }

    @Test
    void aTreeWithoutClassFilesIsWaitedOutNotRefused() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ZERO, false);
        Candidate served = only(exploded.addTo(NO_JARS, false));

        Files.delete(tree.resolve("demo/Greeter.class"));
        assertThat(only(exploded.addTo(NO_JARS, false))).as("the generation before it, still").isEqualTo(served);

        Files.writeString(tree.resolve("demo/Greeter.class"), "compiled");
        assertThat(only(exploded.addTo(NO_JARS, false)).coordinates().version().toString()).isEqualTo("dev.2");
    }

    @Test
    void withoutDevModeADirectoryIsRefusedOnceWithTheWayToTurnItOn() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = new ExplodedPlugins(plugins, new ExplodedPlugins.Settings(false, Duration.ZERO, LIMITS, false,
                false), null, Runnable::run);
        exploded.useSnapshots(snapshots);

        Scan first = exploded.addTo(NO_JARS, false);
        assertThat(first.candidates()).isEmpty();
        assertThat(first.rejections()).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo(tree);
            assertThat(r.reason()).contains("devMode=true");
        });
        assertThat(exploded.addTo(NO_JARS, false).rejections()).isEmpty();
    }

    @Test
    void aTrustStoreRefusesExplodedPluginsSayingWhy() throws IOException {
        tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ZERO, true);

        assertThat(exploded.addTo(NO_JARS, false).rejections()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("no signature").contains("trustStore"));
    }

    @Test
    void theJarLimitsBoundTheNumberOfFilesAndTheirSize() throws IOException {
        tree(plugins.resolve("greeter"));
        exploded = new ExplodedPlugins(plugins, new ExplodedPlugins.Settings(true, Duration.ZERO,
                new JarLimits(1, 1 << 20), false, false), null, Runnable::run);
        exploded.useSnapshots(snapshots);

        Scan scan = exploded.addTo(NO_JARS, false);

        assertThat(scan.candidates()).isEmpty();
        assertThat(scan.rejections()).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("more than 1 files (maxJarEntries=1)"));
    }

    @Test
    void aDirectoryNamedLikeAJarAndHiddenDirectoriesAreNotExplodedPlugins() throws IOException {
        tree(plugins.resolve("greeter-1.0.0.jar"));
        tree(plugins.resolve(".data"));
        exploded = devMode(Duration.ZERO, false);

        Scan scan = exploded.addTo(NO_JARS, false);

        assertThat(scan.candidates()).isEmpty();
        assertThat(scan.rejections()).isEmpty();
    }

    @Test
    void removingTheDirectoryForgetsItsSnapshots() throws IOException {
        Path tree = tree(plugins.resolve("greeter"));
        exploded = devMode(Duration.ZERO, false);
        Path snapshot = exploded.contentOf(only(exploded.addTo(NO_JARS, false)));

        Files.delete(tree.resolve("demo/Greeter.class"));
        Files.delete(tree.resolve("demo"));
        Files.delete(tree.resolve("META-INF/services/demo.Greeting"));
        Files.delete(tree.resolve("META-INF/services"));
        Files.delete(tree.resolve("META-INF"));
        Files.delete(tree);

        assertThat(exploded.addTo(NO_JARS, false).candidates()).isEmpty();
        assertThat(snapshot).doesNotExist();
        assertThat(exploded.owns(tree)).isFalse();
    }

    private ExplodedPlugins devMode(Duration quiet, boolean trustStore) {
        ExplodedPlugins plugins = new ExplodedPlugins(this.plugins,
                new ExplodedPlugins.Settings(true, quiet, LIMITS, false, trustStore), null, Runnable::run);
        plugins.useSnapshots(snapshots);
        return plugins;
    }

    private static Candidate only(Scan scan) {
        assertThat(scan.rejections()).isEmpty();
        assertThat(scan.candidates()).hasSize(1);
        return scan.candidates().get(0);
    }

    private static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("demo"));
        Files.createDirectories(root.resolve("META-INF/services"));
        Files.writeString(root.resolve("demo/Greeter.class"), "class bytes");
        Files.writeString(root.resolve("META-INF/services/demo.Greeting"), "demo.Greeter\n");
        return root;
    }
}
