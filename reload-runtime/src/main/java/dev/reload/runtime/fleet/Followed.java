package dev.reload.runtime.fleet;

/**
 * One artifact followed from the repository: a plugin's jars ({@code artifact.NAME=group:artifact:range}) or its
 * configuration ({@code config.NAME=group:artifact:range}, installed as {@code NAME.properties}).
 *
 * @param key        the line's key in the fleet file, such as {@code artifact.greeter}
 * @param config     whether it is a configuration artifact of type {@code properties}
 * @param name       the key's part after {@code artifact.} or {@code config.}
 * @param groupId    the artifact's group
 * @param artifactId the artifact's id; a plugin's id is its jar's name before the version
 * @param range      the followed version range, as Maven writes it: {@code [1.0,2.0)}
 */
record Followed(String key, boolean config, String name, String groupId, String artifactId, String range) {

    /** @return the file extension of the artifact's type */
    String extension() {
        return config ? "properties" : "jar";
    }

    /** @return the name of the file that holds {@code version} in the plugins directory */
    String fileName(String version) {
        return config ? name + ".properties" : artifactId + "-" + version + ".jar";
    }

    /** @return {@code group:artifact:range} */
    String coordinate() {
        return groupId + ":" + artifactId + ":" + range;
    }

    /**
     * @param key   the line's key
     * @param value {@code group:artifact:range}
     * @throws IllegalArgumentException naming the key, if the value is not such a coordinate
     */
    static Followed parse(String key, String value) {
        boolean config = key.startsWith("config.");
        String name = key.substring(key.indexOf('.') + 1);
        String[] parts = value.trim().split(":", 3);
        if (name.isEmpty() || parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must be groupId:artifactId:versionRange, such as "
                    + "com.acme:greeter:[1.0,2.0)");
        }
        return new Followed(key, config, name, parts[0].trim(), parts[1].trim(), parts[2].trim());
    }
}
