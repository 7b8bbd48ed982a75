package dev.reload.agent.supervise;

/**
 * A listening socket the supervisor holds for its whole life and never accepts on.
 *
 * @param name    its name in {@code LISTEN_FDNAMES}
 * @param host    the address it is bound to, or {@code null} for every address
 * @param port    the port it is bound to
 * @param fd      the supervisor's descriptor of it, which closes on exec
 */
record HeldSocket(String name, String host, int port, int fd) {

    /** @return {@code HOST:PORT}, or {@code PORT} for every address, as Server::Starter writes a socket */
    String address() {
        return host == null ? Integer.toString(port) : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
