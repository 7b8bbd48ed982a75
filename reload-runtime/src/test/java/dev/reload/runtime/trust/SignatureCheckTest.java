package dev.reload.runtime.trust;

import dev.reload.testkit.Greeters;
import jdk.security.jarsigner.JarSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys are made with the JDK's keytool, as a user would; jars are signed with the JDK's JarSigner API. */
class SignatureCheckTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String TRUSTED = "CN=Trusted Publisher,O=Reload Tests";
    private static final String STRANGER = "CN=Mallory,O=Elsewhere";

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    private static Path trustStore;
    private static byte[] unsigned;
    private static String classEntry;

    @BeforeAll
    static void makeKeysAndAPlugin() throws Exception {
        Process trusted = keytool("-genkeypair", "-alias", "publisher", "-keyalg", "EC", "-dname", TRUSTED,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.resolve("publisher.p12").toString(),
                "-storepass", "changeit");
        Process stranger = keytool("-genkeypair", "-alias", "mallory", "-keyalg", "EC", "-dname", STRANGER,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.resolve("mallory.p12").toString(),
                "-storepass", "changeit");
        unsigned = Greeters.version("1.0.0").bytes();
        classEntry = entries(unsigned).keySet().stream().filter(name -> name.endsWith(".class")).findFirst()
                .orElseThrow();
        await(trusted);
        await(stranger);
        await(keytool("-exportcert", "-alias", "publisher", "-keystore", keys.resolve("publisher.p12").toString(),
                "-storepass", "changeit", "-file", keys.resolve("publisher.cer").toString()));
        trustStore = keys.resolve("truststore.p12");
        await(keytool("-importcert", "-noprompt", "-alias", "publisher", "-file",
                keys.resolve("publisher.cer").toString(), "-storetype", "PKCS12", "-keystore",
                trustStore.toString(), "-storepass", "changeit"));
    }

    private static Process keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(Arrays.asList(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void await(Process process) throws Exception {
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    }

    private SignatureCheck check() {
        return new SignatureCheck(trustStore, PASSWORD);
    }

    private Path signedBy(String keyStore, String alias) throws Exception {
        return signedBy(keyStore, alias, unsigned);
    }

    private Path signedBy(String keyStore, String alias, byte[] jar) throws Exception {
        KeyStore store = KeyStore.getInstance(keys.resolve(keyStore).toFile(), PASSWORD);
        PrivateKey key = (PrivateKey) store.getKey(alias, PASSWORD);
        JarSigner signer = new JarSigner.Builder(key, CertificateFactory.getInstance("X.509")
                .generateCertPath(Arrays.asList(store.getCertificateChain(alias)))).build();
        Path source = write("unsigned.jar", jar);
        Path signed = dir.resolve("signed-by-" + alias + ".jar");
        try (ZipFile in = new ZipFile(source.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        }
        return signed;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Rewrites a jar entry by entry, as someone with write access to it could. */
    private Path rewrite(Path jar, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = change.apply(entries(Files.readAllBytes(jar)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return write("rewritten.jar", bytes.toByteArray());
    }

    private static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void aJarSignedByTheTrustedKeyPasses() throws Exception {
        assertThat(check().problem(signedBy("publisher.p12", "publisher"))).isEmpty();
    }

    @Test
    void anUnsignedJarIsRefused() throws Exception {
        Path jar = write("greeter-1.0.0.jar", unsigned);

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("the jar is not signed")
                .contains("trustStore=" + trustStore));
    }

    @Test
    void aJarWithAnEntryAddedAfterSigningIsRefusedNamingTheEntry() throws Exception {
        Path jar = rewrite(signedBy("publisher.p12", "publisher"), entries -> {
            entries.put("plugin/Injected.class", new byte[] {(byte) 0xCA, (byte) 0xFE});
            return entries;
        });

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("entry plugin/Injected.class is not signed: it was added after the jar was signed")
                .contains("trustStore=" + trustStore));
    }

    @Test
    void aServiceDeclarationAddedAfterSigningIsRefusedToo() throws Exception {
        Path jar = rewrite(signedBy("publisher.p12", "publisher"), entries -> {
            entries.put("META-INF/services/java.lang.Runnable", "evil.Task\n".getBytes(StandardCharsets.UTF_8));
            return entries;
        });

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("entry META-INF/services/java.lang.Runnable is not signed"));
    }

    @Test
    void aJarWithAClassChangedAfterSigningIsRefusedNamingTheEntry() throws Exception {
        Path jar = rewrite(signedBy("publisher.p12", "publisher"), entries -> {
            byte[] changed = entries.get(classEntry).clone();
            changed[changed.length - 1] ^= 1;
            entries.put(classEntry, changed);
            return entries;
        });

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("entry " + classEntry + " does not match the signature")
                .contains("it was changed after the jar was signed")
                .contains("trustStore=" + trustStore));
    }

    @Test
    void aJarWhoseManifestWasChangedAfterSigningIsRefusedWhereverTheManifestSits() throws Exception {
        Path jar = rewrite(signedBy("publisher.p12", "publisher"), entries -> {
            String manifest = new String(entries.remove("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
            entries.put("META-INF/MANIFEST.MF", manifest.replaceFirst("\r\n", "\r\nClass-Path: evil.jar\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return entries;
        });

        assertThat(entries(Files.readAllBytes(jar)).keySet()).last().isEqualTo("META-INF/MANIFEST.MF");
        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("the manifest does not match the signature")
                .contains("trustStore=" + trustStore));
    }

    @Test
    void aSignedJarWhoseManifestNamesJarsOnItsClassPathIsRefusedNamingThem() throws Exception {
        byte[] withClassPath = Greeters.version("1.0.0")
                .manifest("Class-Path", "lib/helper.jar  file:/opt/shared/util.jar").bytes();
        Path jar = signedBy("publisher.p12", "publisher", withClassPath);

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("its manifest's Class-Path names lib/helper.jar, file:/opt/shared/util.jar:")
                .contains("trustStore=" + trustStore)
                .contains("bundle"));
    }

    @Test
    void anEmptyClassPathNamesNothingAndPasses() throws Exception {
        Path jar = signedBy("publisher.p12", "publisher", Greeters.version("1.0.0").manifest("Class-Path", " ")
                .bytes());

        assertThat(check().problem(jar)).isEmpty();
    }

    @Test
    void aJarSignedByAnUntrustedKeyIsRefusedNamingTheSigner() throws Exception {
        Path jar = signedBy("mallory.p12", "mallory");

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("the jar is signed by " + STRANGER + ", whose certificate is not in the trust store")
                .contains("trustStore=" + trustStore));
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws Exception {
        Path jar = write("broken.jar", "not a zip".getBytes(StandardCharsets.UTF_8));

        assertThat(check().problem(jar)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("cannot read the jar"));
    }

    @Test
    void aTrustStoreThatCannotBeOpenedIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new SignatureCheck(trustStore, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the trust store " + trustStore + " (option trustStore): ")
                .hasMessageContaining("password");
        Path missing = keys.resolve("missing.p12");
        assertThatThrownBy(() -> new SignatureCheck(missing, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the trust store " + missing + " (option trustStore): ");
        Path certificate = keys.resolve("publisher.cer");
        assertThatThrownBy(() -> new SignatureCheck(certificate, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read the trust store " + certificate + " (option trustStore): it is not a PKCS12"
                        + " or JKS key store");
    }

    @Test
    void anEmptyTrustStoreIsRefusedBecauseNoJarCouldLoad() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Path store = dir.resolve("empty.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            empty.store(out, PASSWORD);
        }

        assertThatThrownBy(() -> new SignatureCheck(store, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the trust store " + store + " (option trustStore) holds no certificate");
    }
}
