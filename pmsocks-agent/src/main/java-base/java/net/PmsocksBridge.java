/*
 * Licensed under the Apache License, Version 2.0; see the LICENSE file.
 */
package java.net;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;

/**
 * The only pmsocks class that lives inside {@code java.base}. The advice woven into JDK
 * classes runs as part of {@code java.base} and can only call classes the bootstrap loader
 * sees; the agent defines this class there at start-up and hands it the router, which lives
 * in the agent's own class loader with the rule engine. It holds no logic of its own.
 */
public final class PmsocksBridge {

    /** {@code (Socket, SocketAddress, int) boolean}: the router's Socket entry point. */
    private static volatile MethodHandle socketRoute;

    /** {@code (SocketChannel, SocketAddress, long) boolean}: its SocketChannel entry point. */
    private static volatile MethodHandle channelRoute;

    /** {@code (String) InetAddress[]}: names answered before the local resolver is asked. */
    private static volatile MethodHandle nameBeforeResolver;

    /** {@code (String) InetAddress[]}: names answered after the local resolver failed. */
    private static volatile MethodHandle nameAfterFailure;

    /**
     * {@code (AsynchronousSocketChannel, SocketAddress, Object, CompletionHandler) Future}: its
     * AsynchronousSocketChannel entry point.
     */
    private static volatile MethodHandle asyncRoute;

    /** The {@code nanos} of a {@code SocketChannel.connect}, which has no timeout of its own. */
    public static final long CHANNEL_CONNECT = -1;

    /**
     * The channels whose connect through a proxy is still being handshaken, to the router's
     * state of each; the selector hooks below look here first, so that every other channel
     * pays one {@code isEmpty()} per readiness event.
     */
    private static volatile java.util.Map<SocketChannel, ?> connecting = java.util.Map.of();

    /**
     * {@code (SocketChannel, int, int, Object) int}, {@code (SocketChannel, int, int) int},
     * {@code (SocketChannel) int}: the router's selector hooks (see {@link #readyOps}).
     */
    private static volatile MethodHandle readyOpsHook;
    private static volatile MethodHandle interestOpsHook;
    private static volatile MethodHandle finishConnectHook;

    private PmsocksBridge() {
    }

    /** Installs the selector hooks of non-blocking channels; only the first call wins. */
    public static synchronized boolean installChannelEvents(java.util.Map<SocketChannel, ?> pending,
            MethodHandle readyOps, MethodHandle interestOps, MethodHandle finishConnect) {
        if (readyOpsHook != null) {
            return false;
        }
        interestOpsHook = interestOps;
        finishConnectHook = finishConnect;
        readyOpsHook = readyOps;
        connecting = pending;
        return true;
    }

    /** Whether the router is handshaking this channel's connect. */
    public static boolean isConnecting(SocketChannel channel) {
        java.util.Map<SocketChannel, ?> pending = connecting;
        return !pending.isEmpty() && pending.containsKey(channel);
    }

    /**
     * Called on entry to {@code SocketChannelImpl.translateReadyOps(int, int, SelectionKeyImpl)}.
     *
     * @return 0: not a channel being handshaken, the JDK's body runs; otherwise the router set
     *     the key's ready operations and the method returns {@code false} (1) or {@code true} (2)
     */
    public static int readyOps(SocketChannel channel, int events, int initialOps, Object key) {
        if (!isConnecting(channel)) {
            return 0;
        }
        return invokeInt(readyOpsHook, channel, events, initialOps, key);
    }

    /**
     * Called on exit from {@code SocketChannelImpl.translateInterestOps(int)}.
     *
     * @return the poll events to register: {@code translated} for any channel not being
     *     handshaken, what the handshake waits for otherwise
     */
    public static int interestOps(SocketChannel channel, int ops, int translated) {
        if (!isConnecting(channel)) {
            return translated;
        }
        return invokeInt(interestOpsHook, channel, ops, translated, null);
    }

    /**
     * Called on entry to {@code SocketChannelImpl.finishConnect()}.
     *
     * @return 0 to let the JDK's body run, 1 to return {@code false} (still connecting);
     *     a failed connect throws, the channel closed
     */
    public static int finishConnect(SocketChannel channel) throws IOException {
        if (!isConnecting(channel)) {
            return 0;
        }
        return invokeInt(finishConnectHook, channel, 0, 0, null);
    }

    /** Called on entry to {@code SocketChannelImpl.implCloseSelectableChannel()}. */
    public static void closing(SocketChannel channel) {
        java.util.Map<SocketChannel, ?> pending = connecting;
        if (!pending.isEmpty()) {
            pending.remove(channel);
        }
    }

    private static int invokeInt(MethodHandle hook, SocketChannel channel, int a, int b,
            Object key) {
        try {
            return (int) hook.invokeExact(channel, a, b, key);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw sneaky(checked);
        }
    }

    /** finishConnect's IOException passes through the hooks' common signature unchanged. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * Installs the router; only the first call wins, so that an agent loaded twice acts once
     * and nothing can replace the router later.
     *
     * @return whether this call installed it
     */
    public static synchronized boolean install(MethodHandle socket, MethodHandle channel) {
        if (socketRoute != null) {
            return false;
        }
        channelRoute = channel;
        socketRoute = socket;
        return true;
    }

    /** Installs the name lookup hooks; only the first call wins. */
    public static synchronized void installNames(MethodHandle beforeResolver,
            MethodHandle afterFailure) {
        if (nameBeforeResolver == null) {
            nameAfterFailure = afterFailure;
            nameBeforeResolver = beforeResolver;
        }
    }

    /** Installs the AsynchronousSocketChannel route; only the first call wins. */
    public static synchronized void installAsync(MethodHandle async) {
        if (asyncRoute == null) {
            asyncRoute = async;
        }
    }

    /**
     * Called on entry to {@code InetAddress.getAddressesFromNameService}, before the local
     * resolver is asked for {@code host}.
     *
     * @return the addresses to answer without asking it, or {@code null} to ask it
     */
    public static InetAddress[] lookupBeforeResolver(String host) {
        return lookUp(nameBeforeResolver, host);
    }

    /**
     * Called when {@code InetAddress.getAddressesFromNameService} ends with an
     * {@code UnknownHostException}: the local resolver could not resolve {@code host}.
     *
     * @return the addresses to answer instead of the exception, or {@code null} to let it stand
     */
    public static InetAddress[] lookupAfterFailure(String host) {
        return lookUp(nameAfterFailure, host);
    }

    private static InetAddress[] lookUp(MethodHandle hook, String host) {
        if (hook == null) {
            return null;
        }
        try {
            return (InetAddress[]) hook.invokeExact(host);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable undeclared) {
            throw new UndeclaredThrowableException(undeclared);
        }
    }

    /**
     * Called on entry to both {@code AsynchronousSocketChannel.connect} methods ({@code handler}
     * null for the {@code Future} form). Throws only what those methods may throw (unchecked).
     *
     * @return {@code null} to let the original body run unchanged; otherwise the connect was
     *     taken over, and this is the {@code Future} the future form returns
     */
    public static Future<Void> connectAsync(AsynchronousSocketChannel channel, SocketAddress remote,
            Object attachment, CompletionHandler<Void, Object> handler) {
        MethodHandle route = asyncRoute;
        if (route == null) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            Future<Void> routed = (Future<Void>) route.invokeExact(channel, remote, attachment,
                    handler);
            return routed;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable undeclared) {
            throw new UndeclaredThrowableException(undeclared);
        }
    }

    /**
     * Called on entry to {@link Socket#connect(SocketAddress, int)}.
     *
     * @return {@code true} when the connect was made (or refused) by the router and the original
     *     method body must be skipped; {@code false} to let it run unchanged
     */
    public static boolean connectSocket(Socket socket, SocketAddress endpoint, int timeout)
            throws IOException {
        MethodHandle route = socketRoute;
        if (route == null) {
            return false;
        }
        try {
            return (boolean) route.invokeExact(socket, endpoint, timeout);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable undeclared) {
            throw new UndeclaredThrowableException(undeclared);
        }
    }

    /**
     * Called on entry to {@code SocketChannel.connect(SocketAddress)}.
     *
     * @return {@code true} when the channel was connected (or refused) by the router: the
     *     original body is skipped and {@code connect} returns {@code true}
     */
    public static boolean connectChannel(SocketChannel channel, SocketAddress remote)
            throws IOException {
        return routeChannel(channel, remote, CHANNEL_CONNECT);
    }

    /**
     * Called on entry to the channel's blocking connect with a timeout, which its
     * {@code socket()} adaptor uses.
     *
     * @param nanos the timeout, {@code Long.MAX_VALUE} for none
     */
    public static boolean blockingConnectChannel(SocketChannel channel, SocketAddress remote,
            long nanos) throws IOException {
        return routeChannel(channel, remote, nanos);
    }

    private static boolean routeChannel(SocketChannel channel, SocketAddress remote, long nanos)
            throws IOException {
        MethodHandle route = channelRoute;
        if (route == null) {
            return false;
        }
        try {
            return (boolean) route.invokeExact(channel, remote, nanos);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable undeclared) {
            throw new UndeclaredThrowableException(undeclared);
        }
    }
}
