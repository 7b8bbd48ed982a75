package dev.reload.testkit;

import java.nio.file.Path;
import java.util.Map;

/**
 * The service of the configuration tests: each method answers what the serving instance was given or did, so that a
 * test can see which instance, made with which configuration, served a call.
 */
public interface Configured {

    /** @return {@code "<version>:<greeting>"}, the greeting read from the configuration */
    String greeting();

    /** Waits in {@link Probe#hold()}, then answers as {@link #greeting()}: a call that stays inside an instance. */
    String slowGreeting();

    /** @return the limit read from the configuration, as an int */
    int limit();

    /** @return {@code "context"} or {@code "no-arg"}: the constructor that made the serving instance */
    String constructor();

    /** @return what the context told the instance: {@code "<plugin id> <version>"}, or {@code "none"} */
    String origin();

    /** @return the configuration the context gave, as the context gave it, or {@code null} without a context */
    Map<String, String> config();

    /** @return the context's data directory, which the call creates if it is not there yet */
    Path dataDirectory();

    /** Writes {@code content} into {@code file} in the data directory. */
    void writeData(String file, String content);

    /** @return the content of {@code file} in the data directory */
    String readData(String file);

    /** @return how many instances the implementation class had made, this one included, when it made this one */
    int instanceNumber();

    /** @return the identity hash code of the implementation class's loader */
    int loaderIdentity();
}
