package dev.reload.agent.supervise;

import java.net.InetSocketAddress;

/**
 * One {@code --listen [NAME=][HOST:]PORT}: where to bind a listening socket, and the name a generation asks for it by.
 *
 * @param name the name in {@code LISTEN_FDNAMES}, or {@code null} for the port it is bound to, so that an application
 *             finds the socket by its port either way
 * @param host the address to bind, or {@code null} for every address
 * @param port the port; 0 lets the system choose, which the supervisor then logs
 */
record ListenAddress(String name, String host, int port) {

    /**
     * @throws IllegalArgumentException if the text is not {@code [NAME=][HOST:]PORT}
     */
    static ListenAddress parse(String text) {
        int equals = text.indexOf('=');
        String name = equals < 0 ? null : text.substring(0, equals);
        String rest = text.substring(equals + 1);
        int colon = rest.lastIndexOf(':');
        String host = colon < 0 ? null : rest.substring(0, colon);
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || (host != null && host.isEmpty())
                || (name != null && (name.isEmpty() || name.contains(":")))) {
            throw new IllegalArgumentException("--listen " + text + ": write [NAME=][HOST:]PORT, such as "
                    + "http=127.0.0.1:8080 or 8080");
        }
        return new ListenAddress(name, host, port);
    }

    /** @return the address to bind */
    InetSocketAddress socketAddress() {
        return host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
