package com.acme.supervised;

import dev.reload.api.ListeningSockets;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;

import java.lang.reflect.Field;
import java.nio.channels.ServerSocketChannel;

/**
 * Tomcat's NIO connector on the socket from {@link ListeningSockets}: the inherited one named {@code http} under the
 * supervisor, a newly bound one on the configured port otherwise. Tomcat can adopt only descriptor 0
 * ({@code useInheritedChannel}), so the endpoint puts the channel where its own {@code initServerSocket} would.
 */
public class InheritedSocketProtocol extends Http11NioProtocol {

    static volatile Endpoint endpoint;

    public InheritedSocketProtocol() {
        super(new Endpoint());
        endpoint = (Endpoint) getEndpoint();
    }

    /** The endpoint, with the socket from {@link ListeningSockets}. */
    static final class Endpoint extends NioEndpoint {

        @Override
        protected void initServerSocket() throws Exception {
            ServerSocketChannel channel = ListeningSockets.open("http", getPortWithOffset());
            Field serverSock = NioEndpoint.class.getDeclaredField("serverSock");
            serverSock.setAccessible(true);
            serverSock.set(this, channel);
            channel.configureBlocking(true);
        }
    }
}
