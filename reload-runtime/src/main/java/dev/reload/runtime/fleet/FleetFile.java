package dev.reload.runtime.fleet;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The fleet file: which repository this node follows, which artifacts in it, how often and as whom. A properties
 * file rather than agent options because version ranges hold commas, the options' separator.
 *
 * <pre>
 * repository=https://repo.example.com/releases
 * repository.id=releases           # the settings.xml &lt;server&gt; that holds the credentials; default fleet
 * username=reader                  # with password.env, the variable that holds the password
 * password.env=FLEET_PASSWORD
 * settings=/etc/maven/settings.xml # default ~/.m2/settings.xml
 * poll=60s
 * timeout=60s                      # the longest wait for one answer of the repository
 * node=web-17                      # default the host name
 * artifact.greeter=com.acme:greeter:[1.0,2.0)
 * config.greeter=com.acme:greeter-config:[1,)
 * </pre>
 */
record FleetFile(URI repository, String repositoryId, String username, String passwordEnv, Path settings,
                 Duration poll, String node, List<Followed> followed, Duration timeout) {

    static final Duration DEFAULT_POLL = Duration.ofSeconds(60);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final String DEFAULT_REPOSITORY_ID = "fleet";

    FleetFile {
        followed = List.copyOf(followed);
    }

    /**
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and the line, if a line is missing or malformed
     */
    static FleetFile read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            return parse(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fleet file " + file + ": " + e.getMessage(), e);
        }
    }

    static FleetFile parse(Properties p) {
        String repositoryText = p.getProperty("repository", "").trim();
        if (repositoryText.isEmpty()) {
            throw new IllegalArgumentException("no 'repository': give the repository's https://, http:// or file: URL");
        }
        URI repository = URI.create(repositoryText);
        String scheme = repository.getScheme() == null ? "" : repository.getScheme();
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
            throw new IllegalArgumentException("'repository' must be an https://, http:// or file: URL, not '"
                    + repositoryText + "'");
        }
        List<Followed> followed = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("artifact.") || key.startsWith("config.")) {
                followed.add(Followed.parse(key, p.getProperty(key)));
            } else if (!List.of("repository", "repository.id", "username", "password.env", "settings", "poll",
                    "timeout", "node").contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'");
            }
        }
        if (followed.isEmpty()) {
            throw new IllegalArgumentException("nothing to follow: add a line such as "
                    + "artifact.greeter=com.acme:greeter:[1.0,2.0)");
        }
        String pollText = p.getProperty("poll", "").trim();
        Duration poll = pollText.isEmpty() ? DEFAULT_POLL : RolloutSchedule.duration(pollText);
        if (poll.isZero()) {
            throw new IllegalArgumentException("'poll' must be more than 0");
        }
        String timeoutText = p.getProperty("timeout", "").trim();
        Duration timeout = timeoutText.isEmpty() ? DEFAULT_TIMEOUT : RolloutSchedule.duration(timeoutText);
        if (timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be more than 0");
        }
        String settingsText = p.getProperty("settings", "").trim();
        Path settings = settingsText.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".m2", "settings.xml") : Path.of(settingsText);
        String node = p.getProperty("node", "").trim();
        String username = blankToNull(p.getProperty("username"));
        String passwordEnv = blankToNull(p.getProperty("password.env"));
        if (passwordEnv != null && username == null) {
            throw new IllegalArgumentException("'password.env' without 'username': give the user the password is for");
        }
        return new FleetFile(repository, p.getProperty("repository.id", DEFAULT_REPOSITORY_ID).trim(), username,
                passwordEnv, settings, poll, node.isEmpty() ? hostName() : node, followed, timeout);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            if (env == null || env.isBlank()) {
                throw new IllegalArgumentException("no 'node', and the host name cannot be read: " + e.getMessage());
            }
            return env;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
