package dev.reload.agent.it;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty on the channel from {@code ListeningSockets}: a {@link NioServerSocketChannel} wrapping it, registered with
 * the boss group instead of bound. On SIGTERM the shutdown hook closes the server channels, lets the requests in
 * flight finish with {@code Connection: close}, then shuts the event loops down.
 */
public final class NettyServerApp {

    private NettyServerApp() {
    }

    public static void main(String[] args) throws Exception {
        GenerationBehaviour behaviour = new GenerationBehaviour(args);
        List<ServerSocketChannel> channels = behaviour.beforeServing();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        byte[] body = behaviour.body().getBytes(StandardCharsets.UTF_8);
        List<Channel> servers = new ArrayList<>();
        for (ServerSocketChannel channel : channels) {
            ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
                    .channelFactory(() -> new NioServerSocketChannel(channel))
                    // Counted on the boss's thread as it accepts, before the child reaches a worker: closing the
                    // server channel then waits for this, and the shutdown hook sees every accepted connection.
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object child) {
                            unanswered.incrementAndGet();
                            open.incrementAndGet();
                            ((Channel) child).closeFuture().addListener(f -> open.decrementAndGet());
                            ctx.fireChannelRead(child);
                        }
                    })
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                    new Answer(body, stopping, inFlight, unanswered));
                        }
                    });
            // register(), not bind(): the channel is bound already, by the supervisor or by ListeningSockets.
            servers.add(bootstrap.register().sync().channel());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                for (Channel server : servers) {
                    server.close().sync();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                // Connections the boss accepted just before the close have a request on the way: answer them too.
                while ((inFlight.get() > 0 || unanswered.get() > 0) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                // Busy kept-alive connections get their next answer with Connection: close; idle ones, a grace.
                long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (open.get() > 0 && System.nanoTime() < grace) {
                    Thread.sleep(5);
                }
                workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
                boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("stopped: no request in flight");
        }));
        behaviour.serving(channels);
        servers.get(0).closeFuture().sync();
    }

    /** Answers every request with the generation's body. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final byte[] body;
        private final AtomicBoolean stopping;
        private final AtomicInteger inFlight;
        private final AtomicInteger unanswered;
        private boolean answered;

        Answer(byte[] body, AtomicBoolean stopping, AtomicInteger inFlight, AtomicInteger unanswered) {
            this.body = body;
            this.stopping = stopping;
            this.inFlight = inFlight;
            this.unanswered = unanswered;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            firstAnswer();
            super.channelInactive(ctx);
        }

        private void firstAnswer() {
            if (!answered) {
                answered = true;
                unanswered.decrementAndGet();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            inFlight.incrementAndGet();
            boolean keepAlive = HttpUtil.isKeepAlive(request) && !stopping.get();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(f -> {
                inFlight.decrementAndGet();
                firstAnswer();
            })
                    .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        }
    }
}
