package dev.reload.runtime.fleet;

import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.ResolutionErrorPolicy;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.MetadataNotFoundException;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;
import org.eclipse.aether.version.Version;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The repository through Maven Resolver, as its own demos use it: a {@link RepositorySystem}, a session, a
 * {@link VersionRangeRequest} for the versions the metadata lists, an {@link ArtifactRequest} per file. The session
 * re-reads metadata on every poll, fails on a missing or wrong checksum (SHA-256 where the repository has one, else
 * SHA-1), never remembers a failure, and caches downloads in a local repository of the follower's own. The only class
 * of the runtime that names the resolver's types.
 */
final class ResolverClient implements RepositoryClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final RepositorySystem system;
    private final RepositorySystemSession.CloseableSession session;
    private final RemoteRepository repository;

    private ResolverClient(RepositorySystem system, RepositorySystemSession.CloseableSession session,
                           RemoteRepository repository) {
        this.system = system;
        this.session = session;
        this.repository = repository;
    }

    /** @return an opener of clients of {@code fleet}'s repository, caching downloads in {@code cache} */
    static Opener opener(FleetFile fleet, Credentials credentials, Path cache) {
        RemoteRepository.Builder builder = new RemoteRepository.Builder(fleet.repositoryId(), "default",
                fleet.repository().toString())
                .setPolicy(new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_ALWAYS,
                        RepositoryPolicy.CHECKSUM_POLICY_FAIL));
        if (credentials.present()) {
            AuthenticationBuilder authentication = new AuthenticationBuilder().addUsername(credentials.username());
            if (credentials.password() != null) {
                authentication.addPassword(credentials.password());
            }
            builder.setAuthentication(authentication.build());
        }
        Proxy proxy = systemProxies().getProxy(builder.build());
        if (proxy != null) {
            builder.setProxy(proxy);
        }
        RemoteRepository repository = builder.build();
        return new Opener() {
            private RepositorySystem system;

            /* The repository system is hundreds of classes: built at the first poll, on the follower's thread,
               not while the JVM starts. */
            @Override
            public synchronized RepositoryClient open() {
                if (system == null) {
                    system = new RepositorySystemSupplier().get();
                }
                return new ResolverClient(system, session(system, cache, fleet.timeout()), repository);
            }

            @Override
            public synchronized void close() {
                if (system != null) {
                    system.shutdown();
                }
            }
        };
    }

    /** The JVM's standard proxy properties, as its own HTTP connections take them. */
    private static DefaultProxySelector systemProxies() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (String scheme : List.of(Proxy.TYPE_HTTP, Proxy.TYPE_HTTPS)) {
            String host = System.getProperty(scheme + ".proxyHost");
            if (host != null && !host.isBlank()) {
                int port = Integer.parseInt(System.getProperty(scheme + ".proxyPort",
                        scheme.equals(Proxy.TYPE_HTTPS) ? "443" : "80"));
                selector.add(new Proxy(scheme, host, port), System.getProperty("http.nonProxyHosts"));
            }
        }
        return selector;
    }

    private static RepositorySystemSession.CloseableSession session(RepositorySystem system, Path cache,
                                                                    Duration timeout) {
        return new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(cache)
                .setSystemProperties(System.getProperties())
                .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
                .setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_ALWAYS)
                .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(ResolutionErrorPolicy.CACHE_DISABLED))
                .setConfigProperty("aether.checksums.algorithms", "SHA-256,SHA-1")
                // A slow repository holds up only its own poll, not for the resolver's default half hour.
                .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT,
                        (int) Math.min(CONNECT_TIMEOUT.toMillis(), timeout.toMillis()))
                .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, (int) Math.min(Integer.MAX_VALUE,
                        timeout.toMillis()))
                .build();
    }

    @Override
    public List<String> versions(Followed followed) throws RepositoryFailure {
        VersionRangeRequest request = new VersionRangeRequest(new DefaultArtifact(followed.groupId(),
                followed.artifactId(), followed.extension(), followed.range()), List.of(repository), null);
        VersionRangeResult result;
        try {
            result = system.resolveVersionRange(session, request);
        } catch (VersionRangeResolutionException e) {
            throw new RepositoryFailure("cannot read the versions of " + followed.coordinate() + " from "
                    + repository.getUrl() + ": " + e.getMessage(), e);
        }
        // The resolver answers from its cached metadata when the repository cannot be read, and reports why
        // beside the answer: an old answer would withdraw nothing but hide an outage, so it counts as a failure.
        for (Exception e : result.getExceptions()) {
            // The local repository has no metadata of its own for what was only ever downloaded: not a failure.
            if (e instanceof MetadataNotFoundException missing && missing.getRepository() == null) {
                continue;
            }
            Exception first = e;
            throw new RepositoryFailure("cannot read the versions of " + followed.coordinate() + " from "
                    + repository.getUrl() + ": " + first.getMessage(), first);
        }
        List<String> versions = new ArrayList<>();
        for (Version version : result.getVersions()) {
            versions.add(version.toString());
        }
        return versions;
    }

    @Override
    public Properties rollout(Followed followed, String version) throws RepositoryFailure {
        DefaultArtifact descriptor = new DefaultArtifact(followed.groupId(), followed.artifactId(), "rollout",
                "properties", version);
        ArtifactResult result;
        try {
            result = system.resolveArtifact(session, new ArtifactRequest(descriptor, List.of(repository), null));
        } catch (ArtifactResolutionException e) {
            if (e.getResult() != null && e.getResult().getExceptions().stream()
                    .allMatch(ArtifactNotFoundException.class::isInstance)) {
                return null;
            }
            throw failure("the rollout descriptor of", followed, version, e);
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(result.getArtifact().getPath())) {
            properties.load(in);
        } catch (IOException e) {
            throw failure("the rollout descriptor of", followed, version, e);
        }
        return properties;
    }

    @Override
    public Path download(Followed followed, String version) throws RepositoryFailure {
        DefaultArtifact artifact = new DefaultArtifact(followed.groupId(), followed.artifactId(),
                followed.extension(), version);
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, List.of(repository), null))
                    .getArtifact().getPath();
        } catch (ArtifactResolutionException e) {
            throw failure("", followed, version, e);
        }
    }

    private RepositoryFailure failure(String what, Followed followed, String version, Exception e) {
        return new RepositoryFailure("refused " + (what.isEmpty() ? "" : what + " ") + followed.groupId() + ":"
                + followed.artifactId() + " " + version + " from " + repository.getUrl() + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        session.close();
    }
}
