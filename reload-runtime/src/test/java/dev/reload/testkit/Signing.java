package dev.reload.testkit;

import jdk.security.jarsigner.JarSigner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * Keys made in the test with the JDK's keytool: a trusted publisher, a stranger, and a trust store holding only the
 * publisher's certificate; and jars signed with either.
 */
public final class Signing {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    private Signing(Path dir) {
        this.dir = dir;
    }

    public static Signing create(Path dir) throws Exception {
        Signing signing = new Signing(dir);
        signing.keytool("-genkeypair", "-alias", "publisher", "-keyalg", "EC", "-dname", "CN=Publisher",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", dir.resolve("publisher.p12").toString(),
                "-storepass", PASSWORD);
        signing.keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-dname", "CN=Stranger",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", dir.resolve("stranger.p12").toString(),
                "-storepass", PASSWORD);
        signing.keytool("-exportcert", "-alias", "publisher", "-keystore", dir.resolve("publisher.p12").toString(),
                "-storepass", PASSWORD, "-file", dir.resolve("publisher.cer").toString());
        signing.keytool("-importcert", "-noprompt", "-alias", "publisher", "-file",
                dir.resolve("publisher.cer").toString(), "-storetype", "PKCS12", "-keystore",
                signing.trustStore().toString(), "-storepass", PASSWORD);
        return signing;
    }

    /** @return a PKCS12 trust store holding the publisher's certificate only */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public byte[] signedByPublisher(byte[] jar) throws Exception {
        return sign(jar, "publisher");
    }

    public byte[] signedByStranger(byte[] jar) throws Exception {
        return sign(jar, "stranger");
    }

    private byte[] sign(byte[] jar, String alias) throws Exception {
        char[] password = PASSWORD.toCharArray();
        KeyStore store = KeyStore.getInstance(dir.resolve(alias + ".p12").toFile(), password);
        JarSigner signer = new JarSigner.Builder((PrivateKey) store.getKey(alias, password),
                CertificateFactory.getInstance("X.509").generateCertPath(
                        Arrays.asList(store.getCertificateChain(alias)))).build();
        Path unsigned = Files.write(Files.createTempFile(dir, "unsigned", ".jar"), jar);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(unsigned.toFile())) {
            signer.sign(in, out);
        }
        return out.toByteArray();
    }

    private void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(Arrays.asList(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
