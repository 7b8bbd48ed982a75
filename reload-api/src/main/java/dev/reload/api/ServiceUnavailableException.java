package dev.reload.api;

/**
 * Thrown by a call on a service proxy while no implementation of the service is active: before the first plugin jar
 * providing it has loaded, after every version of that plugin was removed, or when no reload runtime is running.
 * The message names the service interface and what to do about it.
 */
public class ServiceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The fully qualified name of the service interface that had no active implementation. */
    private final String service;

    /**
     * @param service the fully qualified name of the service interface
     * @param message what is missing and where the runtime looked for it
     */
    public ServiceUnavailableException(String service, String message) {
        super(message);
        this.service = service;
    }

    /**
     * @return the fully qualified name of the service interface that had no active implementation
     */
    public String service() {
        return service;
    }
}
