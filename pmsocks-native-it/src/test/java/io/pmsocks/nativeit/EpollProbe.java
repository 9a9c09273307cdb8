package io.pmsocks.nativeit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * A Netty client that insists on epoll (an explicit {@code EpollIoHandler} and {@code EpollSocketChannel}):
 * {@code HOST PORT}. Prints {@code connected PEER} or the failure.
 */
public final class EpollProbe {

    private EpollProbe() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group;
        try {
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        } catch (Throwable e) {
            Lines.failure(e);
            return;
        }
        try {
            ChannelFuture connect = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(args[0], Integer.parseInt(args[1])).await();
            if (connect.isSuccess()) {
                Lines.println("connected " + connect.channel().remoteAddress());
                connect.channel().close().await();
            } else {
                Lines.failure(connect.cause());
            }
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).await();
        }
    }
}
