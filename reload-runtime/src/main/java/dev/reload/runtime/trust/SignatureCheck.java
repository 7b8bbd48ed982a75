package dev.reload.runtime.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Admits only jars whose every entry is signed by a certificate in a trust store (the option {@value #OPTION}).
 *
 * <p>The jar is opened by {@link JarFile} with verification on, and every entry is read to its end: only then does
 * the JDK compare the entry with its digest in the manifest (throwing {@link SecurityException} if they differ) and
 * fill in {@link JarEntry#getCodeSigners()}. Directory entries and the signature files themselves
 * ({@code META-INF/MANIFEST.MF}, {@code META-INF/*.SF}, {@code *.RSA}, {@code *.DSA}, {@code *.EC},
 * {@code SIG-*}, directly in {@code META-INF/}) need no signer of their own; the manifest is covered by the
 * signature files' digests of it. Everything else, {@code META-INF/services/} included, must be signed.
 *
 * <p>Trusted means: the certificate that made the signature (the first of the signer's certificate path) is itself
 * in the trust store, compared byte for byte. A certificate further up the path is not enough, because the JDK
 * assembles that path from whatever certificates the jar carries, matching issuer to subject by name without
 * checking their signatures: anyone could append a copy of a trusted CA certificate. Pin the signing certificate.
 * Validity dates and revocation are not checked: a pinned certificate is trusted until it leaves the store.
 *
 * <p>A jar whose manifest names a {@code Class-Path} is refused, signed or not, as are the jars it names. The JDK's
 * class loader follows a {@code Class-Path} itself: it resolves each entry against the jar it loads from (the
 * private copy, in the runtime's temporary directory) and opens the named jar in place, lazily, the first time a
 * class is missing from the plugin jar. Those jars would be neither copied nor checked, and a relative entry would
 * not even find the jars beside the plugin; only what the plugin jar itself carries can be held to its signature.
 *
 * <p>Check the very bytes that will be loaded, that is the loader's private copy of the jar, not the file in the
 * plugins directory: a jar replaced between the check and the copy would otherwise be loaded unchecked.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignatureCheck {

    /** The option that configures the trust store. */
    public static final String OPTION = "trustStore";

    private final Path trustStore;
    private final Set<Certificate> trusted;

    /**
     * Reads the trust store. The password is not kept, so the caller may clear the array afterwards.
     *
     * @param trustStore a PKCS12 (or JKS) key store; the certificate of each of its entries is trusted
     * @param password   its password
     * @throws IllegalArgumentException naming the store and the option if it cannot be read, the password is wrong,
     *                                  or it holds no certificate
     */
    public SignatureCheck(Path trustStore, char[] password) {
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(password, "password");
        Set<Certificate> certificates = new HashSet<>();
        try {
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), password);
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate != null) {
                    certificates.add(certificate);
                }
            }
        } catch (KeyStoreException e) {
            // The JDK's own message here advises the programmer to "load it with a specified type".
            throw new IllegalArgumentException("cannot read the trust store " + trustStore + " (option " + OPTION
                    + "): it is not a PKCS12 or JKS key store", e);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the trust store " + trustStore + " (option " + OPTION
                    + "): " + describe(e), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the trust store " + trustStore + " (option " + OPTION
                    + ") holds no certificate, so no jar could load: import the signer's certificate with"
                    + " keytool -importcert");
        }
        this.trusted = Set.copyOf(certificates);
    }

    /**
     * Checks one jar. The message leaves out the jar's own name, which the caller reports with it.
     *
     * @param jar the jar to check
     * @return why the jar may not load, naming the offending entry or signer and the option {@value #OPTION}; empty
     *         if every entry is signed by a trusted certificate
     */
    public Optional<String> problem(Path jar) {
        List<String> signatureFiles = new ArrayList<>();
        String firstUnsigned = null;
        boolean anySigned = false;
        CodeSigner[] untrusted = null;
        List<String> classPath;
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            // The first entry read makes the JDK check the signature files against the manifest, and it throws
            // then, whatever that entry is: read the manifest first so that the message blames the right file.
            JarEntry manifest = file.getJarEntry(JarFile.MANIFEST_NAME);
            if (manifest != null) {
                try {
                    readFully(file, manifest);
                } catch (SecurityException e) {
                    return Optional.of(changed("the manifest", e));
                }
            }
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                try {
                    readFully(file, entry);
                } catch (SecurityException e) {
                    return Optional.of(changed("entry " + entry.getName(), e));
                }
                if (isSignatureFile(entry.getName())) {
                    if (entry.getName().toUpperCase(Locale.ROOT).endsWith(".SF")) {
                        signatureFiles.add(entry.getName());
                    }
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    if (firstUnsigned == null) {
                        firstUnsigned = entry.getName();
                    }
                    continue;
                }
                anySigned = true;
                if (untrusted == null && !anyTrusted(signers)) {
                    untrusted = signers;
                }
            }
            classPath = classPath(file);
        } catch (IOException e) {
            return Optional.of("cannot read the jar to check its signature: " + describe(e));
        }
        if (!anySigned) {
            return Optional.of(signatureFiles.isEmpty()
                    ? "the jar is not signed, and the option " + option() + " admits only jars signed by a"
                            + " certificate in that store; sign it with jarsigner"
                    : "the jar's signature " + String.join(", ", signatureFiles) + " does not verify, or uses an"
                            + " algorithm this JVM disables (jdk.jar.disabledAlgorithms), so the jar counts as"
                            + " unsigned, and the option " + option() + " admits only jars signed by a certificate"
                            + " in that store; sign it again with jarsigner");
        }
        if (firstUnsigned != null) {
            return Optional.of("entry " + firstUnsigned + " is not signed: it was added after the jar was signed,"
                    + " and the option " + option() + " admits only jars whose every entry is signed; rebuild and"
                    + " sign the jar again");
        }
        if (untrusted != null) {
            return Optional.of("the jar is signed by " + subjects(untrusted) + ", whose certificate is not in the"
                    + " trust store of the option " + option() + "; if you trust this signer, import its"
                    + " certificate into that store with keytool -importcert");
        }
        if (!classPath.isEmpty()) {
            return Optional.of("its manifest's Class-Path names " + String.join(", ", classPath) + ": the class"
                    + " loader would read those jars where they lie, neither copied nor checked, so the option "
                    + option() + " admits no jar with a Class-Path; bundle those libraries into the plugin jar"
                    + " (shaded or unpacked), sign it again and drop the Class-Path attribute");
        }
        return Optional.empty();
    }

    /** The entries of the manifest's {@code Class-Path}, split on white space as the JDK splits them. */
    private static List<String> classPath(JarFile file) throws IOException {
        Manifest manifest = file.getManifest();
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    /** Reading to the end is what makes the JDK verify the entry's digest and record its signers. */
    private static void readFully(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private String changed(String what, SecurityException e) {
        return what + " does not match the signature (" + e.getMessage() + "): it was changed after the jar was"
                + " signed, and the option " + option() + " admits only jars that match their signature; rebuild"
                + " and sign the jar again";
    }

    private String option() {
        return OPTION + "=" + trustStore;
    }

    private boolean anyTrusted(CodeSigner[] signers) {
        for (CodeSigner signer : signers) {
            List<? extends Certificate> path = signer.getSignerCertPath().getCertificates();
            if (!path.isEmpty() && trusted.contains(path.get(0))) {
                return true;
            }
        }
        return false;
    }

    private static String subjects(CodeSigner[] signers) {
        List<String> names = new ArrayList<>();
        for (CodeSigner signer : signers) {
            List<? extends Certificate> path = signer.getSignerCertPath().getCertificates();
            Certificate first = path.isEmpty() ? null : path.get(0);
            names.add(first instanceof X509Certificate
                    ? ((X509Certificate) first).getSubjectX500Principal().getName()
                    : "an unnamed signer");
        }
        return String.join(" and ", names);
    }

    /** The files the JDK treats as the signature: directly in {@code META-INF/}, never in a subdirectory. */
    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.equals("MANIFEST.MF") || file.startsWith("SIG-") || file.endsWith(".SF")
                || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC");
    }

    private static String describe(Exception e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getClass().getSimpleName();
    }
}
