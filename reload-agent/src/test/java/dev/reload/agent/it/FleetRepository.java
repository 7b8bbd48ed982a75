package dev.reload.agent.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Maven repository as a fleet follows one: a directory that the real {@code mvn deploy} (maven-deploy-plugin's
 * {@code deploy-file}, with the build's own local repository and no network) publishes into, served over HTTP by the JDK's
 * HttpServer on 127.0.0.1. The server can ask for credentials, hand out a corrupted file, or go away and come back on
 * the same port.
 */
final class FleetRepository implements AutoCloseable {

    static final String GROUP = "dev.reload.it.fleet";
    private static final String DEPLOY_FILE = "org.apache.maven.plugins:maven-deploy-plugin:"
            + System.getProperty("reload.it.deploy-plugin.version", "3.1.4") + ":deploy-file";

    private final Path root;
    private final Path work;
    private final int port;
    private HttpServer server;
    private volatile String credentials;
    private volatile String corruptSuffix;

    private FleetRepository(Path root, Path work) {
        this.root = root;
        this.work = work;
        this.server = serve(0);
        this.port = server.getAddress().getPort();
    }

    /** @return the directory the repository serves */
    Path root() {
        return root;
    }

    /** Puts in what {@code mvn deploy} published into another repository, as if it had been deployed here. */
    void copyFrom(Path otherRoot) {
        try (java.util.stream.Stream<Path> files = Files.walk(otherRoot)) {
            for (Path file : files.toList()) {
                Path target = root.resolve(otherRoot.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts serving an empty repository in {@code <temp>/repository}. */
    static FleetRepository start(Path temp) {
        try {
            return new FleetRepository(Files.createDirectories(temp.resolve("repository")),
                    Files.createDirectories(temp.resolve("deploy")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the URL the nodes follow */
    String url() {
        return "http://127.0.0.1:" + port + "/releases";
    }

    /** From now on, only requests with this user and password are answered; others get 401. */
    void requireCredentials(String user, String password) {
        credentials = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** From now on, files whose path ends with {@code suffix} are served with their last byte changed. */
    void corrupt(String suffix) {
        corruptSuffix = suffix;
    }

    /** Stops answering: connections are refused. */
    synchronized void goDown() {
        server.stop(0);
    }

    /** Answers again, on the same port. */
    synchronized void comeBack() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                server = serve(port);
                return;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof BindException) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    /**
     * Publishes {@code jar} as {@code <GROUP>:<artifactId>:<version>} with {@code mvn deploy}, with a {@code rollout}
     * descriptor beside it when {@code descriptor} is not {@code null}.
     */
    void deploy(String artifactId, String version, Path jar, String descriptor) {
        // Deploying refuses to run offline; a mirror of everything on a closed port keeps the child off the network,
        // and its id, central, keeps what the build downloaded from Maven Central usable to it.
        Path settings = work.resolve("settings.xml");
        List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-q", "-s", settings.toString(), DEPLOY_FILE,
                "-Dfile=" + jar, "-DgroupId=" + GROUP, "-DartifactId=" + artifactId, "-Dversion=" + version,
                "-Dpackaging=jar", "-DrepositoryId=fleet", "-Durl=" + root.toUri()));
        String localRepository = System.getProperty("reload.it.maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        try {
            Files.writeString(settings, "<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf>"
                    + "<url>http://127.0.0.1:9/</url></mirror></mirrors></settings>");
            if (descriptor != null) {
                Path file = Files.writeString(work.resolve(artifactId + "-" + version + "-rollout.properties"),
                        descriptor);
                command.addAll(List.of("-Dfiles=" + file, "-Dclassifiers=rollout", "-Dtypes=properties"));
            }
            Path log = work.resolve("deploy-" + artifactId + "-" + version + ".log");
            Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mvn deploy did not end within 120 s: " + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Takes a version out of the artifact's metadata, as deleting it in a repository manager does, and writes the
     * metadata's checksums anew.
     */
    void unlist(String artifactId, String version) {
        Path metadata = root.resolve(GROUP.replace('.', '/')).resolve(artifactId).resolve("maven-metadata.xml");
        try {
            String xml = Files.readString(metadata).replaceAll("\\s*<version>" + version.replace(".", "\\.")
                    + "</version>", "");
            Files.writeString(metadata, xml);
            byte[] content = Files.readAllBytes(metadata);
            for (String[] algorithm : new String[][] {{"MD5", "md5"}, {"SHA-1", "sha1"}, {"SHA-256", "sha256"},
                    {"SHA-512", "sha512"}}) {
                Path checksum = metadata.resolveSibling("maven-metadata.xml." + algorithm[1]);
                if (Files.exists(checksum)) {
                    Files.writeString(checksum, HexFormat.of().formatHex(
                            MessageDigest.getInstance(algorithm[0]).digest(content)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mvn() {
        String home = System.getProperty("reload.it.maven.home");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private HttpServer serve(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            created.createContext("/releases/", this::answer);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String required = credentials;
            if (required != null && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"releases\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath().substring("/releases/".length());
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(file);
            String suffix = corruptSuffix;
            if (suffix != null && path.endsWith(suffix) && content.length > 0) {
                content[content.length - 1] ^= 1;
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : content.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
