package com.acme.supervised;

import dev.reload.api.ListeningSockets;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;

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

    /** The endpoint, with the socket from {@link ListeningSockets}, and a way to stop accepting that drops nothing. */
    static final class Endpoint extends NioEndpoint {

        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile ServerSocketChannel channel;
        private volatile boolean handedOver;

        @Override
        protected void initServerSocket() throws Exception {
            channel = ListeningSockets.open("http", getPortWithOffset());
            Field serverSock = NioEndpoint.class.getDeclaredField("serverSock");
            serverSock.setAccessible(true);
            serverSock.set(this, channel);
            channel.configureBlocking(true);
        }

        /**
         * Closes this process's copy of the listening socket, so that the next generation accepts every new
         * connection. Tomcat's own {@code closeServerSocketGraceful()} stops its acceptor first, and the acceptor
         * closes unanswered a connection it accepts after that: on a socket another process keeps listening on, it
         * may well accept one.
         */
        void stopAccepting() throws IOException {
            handedOver = true;
            setMaxKeepAliveRequests(1);
            channel.close();
        }

        @Override
        protected SocketChannel serverSocketAccept() throws Exception {
            try {
                return super.serverSocketAccept();
            } catch (IOException e) {
                if (handedOver) {
                    // Closed by stopAccepting: wait for Tomcat's stop instead of failing over and over.
                    stopped.await();
                }
                throw e;
            }
        }

        @Override
        protected void unlockAccept() {
            stopped.countDown();
            if (!handedOver) {
                super.unlockAccept();
            }
        }
    }
}
