package dev.reload.runtime.watch;

import dev.reload.runtime.plugin.JarLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a jar in the plugins directory may be read: at once when it is complete the moment it appears, after the
 * settle time when it was seen incomplete or changing, and refused as not a zip only after the grace time.
 */
class PluginDirectoryTest {

    /** Long enough that a test passing within it did not wait for it. */
    private static final Duration FOREVER = Duration.ofHours(1);

    @TempDir
    Path root;

    @Test
    void aCompleteJarMovedInIsACandidateAtTheFirstScan() throws IOException {
        PluginDirectory directory = directory(FOREVER, FOREVER);

        Path jar = moveIn("greeter-1.0.0.jar", jar("1.0.0"));
        PluginDirectory.Scan scan = directory.scan(false);

        assertThat(scan.candidates()).extracting(PluginDirectory.Candidate::file).containsExactly(jar);
        assertThat(scan.rejections()).isEmpty();
    }

    @Test
    void aTruncatedJarIsNeitherReadNorRefusedWithinTheGraceTime() throws IOException {
        PluginDirectory directory = directory(Duration.ZERO, FOREVER);
        byte[] whole = jar("1.0.0");

        Path jar = moveIn("greeter-1.0.0.jar", Arrays.copyOf(whole, whole.length / 2));
        PluginDirectory.Scan scan = directory.scan(false);

        assertThat(scan.candidates()).isEmpty();
        assertThat(scan.rejections()).isEmpty();
        assertThat(scan.present()).containsEntry(jar, false);
        assertThat(scan.settleAgain()).isNotNull();
    }

    @Test
    void aTruncatedJarUnchangedForTheGraceTimeIsRefusedAsNotAValidJar() throws IOException {
        PluginDirectory directory = directory(Duration.ZERO, Duration.ofMillis(100));
        byte[] whole = jar("1.0.0");
        Path jar = moveIn("greeter-1.0.0.jar", Arrays.copyOf(whole, whole.length / 2));

        assertThat(directory.scan(false).rejections()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(directory.scan(false).rejections())
                .singleElement().satisfies(r -> {
                    assertThat(r.file()).isEqualTo(jar);
                    assertThat(r.reason()).startsWith("not a valid jar");
                }));
    }

    @Test
    void aGrowingJarWaitsForTheSettleTimeEvenOnceItIsComplete() throws IOException {
        PluginDirectory directory = directory(FOREVER, FOREVER);
        byte[] whole = jar("1.0.0");
        Path jar = root.resolve("plugins/greeter-1.0.0.jar");

        Files.write(jar, Arrays.copyOf(whole, whole.length / 2));
        assertThat(directory.scan(false).candidates()).isEmpty();
        Files.write(jar, Arrays.copyOfRange(whole, whole.length / 2, whole.length), StandardOpenOption.APPEND);
        PluginDirectory.Scan scan = directory.scan(false);

        assertThat(scan.candidates()).isEmpty();
        assertThat(scan.rejections()).isEmpty();
        assertThat(scan.present()).containsEntry(jar, false);
    }

    @Test
    void aJarRewrittenInPlaceWaitsForTheSettleTime() throws IOException {
        PluginDirectory directory = directory(FOREVER, FOREVER);
        Path jar = moveIn("greeter-1.0.0.jar", jar("1.0.0"));
        assertThat(directory.scan(false).candidates()).hasSize(1);

        try (OutputStream out = Files.newOutputStream(jar, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(jar("2.0.0"));
        }
        PluginDirectory.Scan scan = directory.scan(false);

        assertThat(scan.candidates()).isEmpty();
        assertThat(scan.present()).containsEntry(jar, false);
    }

    @Test
    void aCopyThatPausesHalfWayLoadsOnceFinishedWithoutARefusal() throws IOException {
        PluginDirectory directory = directory(Duration.ZERO, FOREVER);
        byte[] whole = jar("1.0.0");
        Path jar = root.resolve("plugins/greeter-1.0.0.jar");

        Files.write(jar, Arrays.copyOf(whole, whole.length / 2));
        PluginDirectory.Scan paused = directory.scan(false);
        Files.write(jar, Arrays.copyOfRange(whole, whole.length / 2, whole.length), StandardOpenOption.APPEND);
        PluginDirectory.Scan finished = directory.scan(false);

        assertThat(paused.rejections()).isEmpty();
        assertThat(finished.rejections()).isEmpty();
        assertThat(finished.candidates()).extracting(PluginDirectory.Candidate::file).containsExactly(jar);
    }

    @Test
    void atStartUpAFileThatIsNotAZipYetIsWaitedForAndRefusedOnlyAfterTheGraceTime() throws IOException {
        PluginDirectory directory = directory(Duration.ZERO, Duration.ofMillis(100));
        byte[] whole = jar("1.0.0");
        Path half = moveIn("greeter-2.0.0.jar", Arrays.copyOf(whole, whole.length / 2));
        Path complete = moveIn("greeter-1.0.0.jar", whole);

        PluginDirectory.Scan first = directory.scan(true);
        assertThat(first.rejections()).isEmpty();
        assertThat(first.candidates()).singleElement().satisfies(c -> assertThat(c.file()).isEqualTo(complete));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(directory.scan(false).rejections())
                .singleElement().satisfies(r -> {
                    assertThat(r.file()).isEqualTo(half);
                    assertThat(r.reason()).startsWith("not a valid jar");
                }));
    }

    @Test
    void aZipEndsWhereItsEndRecordEnds() throws IOException {
        byte[] whole = jar("1.0.0");
        byte[] commented = jar("1.0.0", "a comment PK\u0005\u0006 inside");

        assertThat(ZipEnd.endsFile(write("whole", whole), whole.length)).isTrue();
        assertThat(ZipEnd.endsFile(write("commented", commented), commented.length)).isTrue();
        assertThat(ZipEnd.endsFile(write("short", Arrays.copyOf(whole, whole.length - 1)), whole.length - 1))
                .isFalse();
        byte[] longer = Arrays.copyOf(whole, whole.length + 10);
        assertThat(ZipEnd.endsFile(write("longer", longer), longer.length)).isFalse();
        assertThat(ZipEnd.endsFile(write("empty", new byte[0]), 0)).isFalse();
        assertThat(ZipEnd.endsFile(write("seen-smaller", whole), whole.length - 1)).isFalse();
    }

    private PluginDirectory directory(Duration settle, Duration grace) throws IOException {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        return new PluginDirectory(plugins, settle, grace, new JarLimits(1000, 1 << 20), false);
    }

    private Path moveIn(String name, byte[] content) throws IOException {
        Path staged = Files.write(root.resolve(name + ".tmp"), content);
        return Files.move(staged, root.resolve("plugins").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(root.resolve(name), content);
    }

    private static byte[] jar(String version) throws IOException {
        return jar(version, null);
    }

    private static byte[] jar(String version, String comment) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Implementation-Version", version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("data.txt"));
            out.write(("version " + version + "\n").repeat(200).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            if (comment != null) {
                out.setComment(comment);
            }
        }
        return bytes.toByteArray();
    }
}
