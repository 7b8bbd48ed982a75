package dev.reload.runtime.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/** A Maven repository in a directory, laid out as {@code mvn deploy} lays it out, for one group. */
final class FileRepository {

    private final Path root;
    private final String group;

    FileRepository(Path root, String group) {
        this.root = root;
        this.group = group;
    }

    Path root() {
        return root;
    }

    /** Publishes a file with its SHA-1 and SHA-256 and lists the version in the metadata. */
    Path publish(String artifact, String version, String classifier, String extension, byte[] content)
            throws IOException {
        Path file = directory(artifact).resolve(version).resolve(artifact + "-" + version
                + (classifier == null ? "" : "-" + classifier) + "." + extension);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        writeChecksums(file);
        Set<String> versions = versions(artifact);
        versions.add(version);
        writeMetadata(artifact, versions);
        return file;
    }

    /** Takes the version out of the metadata, as deleting it in a repository manager does. */
    void unlist(String artifact, String version) throws IOException {
        Set<String> versions = versions(artifact);
        versions.remove(version);
        writeMetadata(artifact, versions);
    }

    static void writeChecksums(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), digest("SHA-1", content));
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), digest("SHA-256", content));
    }

    private Path directory(String artifact) {
        return root.resolve(group.replace('.', '/')).resolve(artifact);
    }

    private Set<String> versions(String artifact) throws IOException {
        Set<String> versions = new TreeSet<>();
        Path metadata = directory(artifact).resolve("maven-metadata.xml");
        if (Files.exists(metadata)) {
            for (String line : Files.readAllLines(metadata)) {
                line = line.trim();
                if (line.startsWith("<version>")) {
                    versions.add(line.substring("<version>".length(), line.indexOf("</version>")));
                }
            }
        }
        return versions;
    }

    private void writeMetadata(String artifact, Set<String> versions) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                .append("  <groupId>").append(group).append("</groupId>\n")
                .append("  <artifactId>").append(artifact).append("</artifactId>\n  <versioning>\n    <versions>\n");
        for (String version : versions) {
            xml.append("      <version>").append(version).append("</version>\n");
        }
        xml.append("    </versions>\n  </versioning>\n</metadata>\n");
        Path metadata = directory(artifact).resolve("maven-metadata.xml");
        Files.createDirectories(metadata.getParent());
        Files.writeString(metadata, xml, StandardCharsets.UTF_8);
        writeChecksums(metadata);
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
