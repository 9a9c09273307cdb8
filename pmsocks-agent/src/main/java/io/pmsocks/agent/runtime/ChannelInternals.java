package io.pmsocks.agent.runtime;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;

/**
 * The JDK internals the channel route relies on, all named here and looked up at once, so that
 * a JDK that changed one of them fails at the first routed channel connect with a message
 * naming it (and {@code ChannelInternalsIT} fails on that JDK):
 * <ul>
 *   <li>{@code sun.nio.ch.SocketChannelImpl}: the fields {@code remoteAddress} (the peer it
 *       reports), {@code fd}, {@code family} and the static {@code nd}; the method
 *       {@code blockingConnect(SocketAddress, long)}; the woven methods {@code
 *       translateReadyOps(int, int, SelectionKeyImpl)}, {@code translateInterestOps(int)},
 *       {@code finishConnect()}, {@code implCloseSelectableChannel()} (see Weaver).</li>
 *   <li>{@code sun.nio.ch.IOUtil.read/write(FileDescriptor, ByteBuffer, long,
 *       NativeDispatcher)}: I/O on the descriptor before the JDK counts the channel as
 *       connected (-2 means "not yet", -1 end of stream).</li>
 *   <li>{@code sun.nio.ch.Net}: {@code pollConnectNow(FileDescriptor)}, {@code
 *       connect(ProtocolFamily, FileDescriptor, InetAddress, int)} (the next server of a list
 *       on the same descriptor after a failed TCP connect), {@code poll(FileDescriptor, int,
 *       long)} and the constants {@code POLLIN}, {@code POLLOUT}, {@code POLLERR}, {@code
 *       POLLHUP}, {@code POLLNVAL}.</li>
 *   <li>{@code sun.nio.ch.SelectionKeyImpl}: {@code nioReadyOps()}, {@code nioReadyOps(int)},
 *       {@code nioInterestOps()}; {@code sun.nio.ch.SelectorImpl.setEventOps(SelectionKeyImpl)}
 *       (a key's interest set only queues a poll update when it changes, so a change of what
 *       the handshake waits for must queue one itself, or a level-triggered POLLOUT spins the
 *       selector); {@code java.nio.channels.spi.AbstractSelectableChannel}'s {@code keys} and
 *       {@code keyLock} (a channel registered with several selectors).</li>
 * </ul>
 * The agent opens {@code sun.nio.ch} and {@code java.nio.channels.spi} to itself before
 * creating this.
 */
final class ChannelInternals {

    private final Class<?> implementation;
    private final VarHandle remoteAddress;
    private final MethodHandle blockingConnect;
    private final VarHandle fd;
    private final VarHandle family;
    private final Object dispatcher;
    private final MethodHandle ioRead;
    private final MethodHandle ioWrite;
    private final MethodHandle pollConnectNow;
    private final MethodHandle netConnect;
    private final MethodHandle netPoll;
    private final MethodHandle readyOps;
    private final MethodHandle setReadyOps;
    private final MethodHandle interestOps;
    private final MethodHandle setEventOps;
    private final VarHandle keys;
    private final VarHandle keyLock;
    final int pollIn;
    final int pollOut;
    final int pollErrOrHup;
    final int pollInvalid;

    private ChannelInternals() throws ReflectiveOperationException {
        implementation = Class.forName("sun.nio.ch.SocketChannelImpl", false, null);
        MethodHandles.Lookup channel = MethodHandles.privateLookupIn(implementation,
                MethodHandles.lookup());
        remoteAddress = channel.findVarHandle(implementation, "remoteAddress",
                SocketAddress.class);
        blockingConnect = channel.findVirtual(implementation, "blockingConnect",
                MethodType.methodType(void.class, SocketAddress.class, long.class))
                .asType(MethodType.methodType(void.class, SocketChannel.class,
                        SocketAddress.class, long.class));
        fd = channel.findVarHandle(implementation, "fd", FileDescriptor.class);
        family = channel.findVarHandle(implementation, "family", ProtocolFamily.class);
        Class<?> nativeDispatcher = Class.forName("sun.nio.ch.NativeDispatcher", false, null);
        dispatcher = channel.findStaticVarHandle(implementation, "nd", nativeDispatcher).get();
        Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil", false, null);
        MethodHandles.Lookup io = MethodHandles.privateLookupIn(ioUtil, MethodHandles.lookup());
        MethodType transfer = MethodType.methodType(int.class, FileDescriptor.class,
                ByteBuffer.class, long.class, nativeDispatcher);
        MethodType generic = MethodType.methodType(int.class, FileDescriptor.class,
                ByteBuffer.class, long.class, Object.class);
        ioRead = io.findStatic(ioUtil, "read", transfer).asType(generic);
        ioWrite = io.findStatic(ioUtil, "write", transfer).asType(generic);
        Class<?> net = Class.forName("sun.nio.ch.Net", false, null);
        MethodHandles.Lookup netLookup = MethodHandles.privateLookupIn(net, MethodHandles.lookup());
        pollConnectNow = netLookup.findStatic(net, "pollConnectNow",
                MethodType.methodType(boolean.class, FileDescriptor.class));
        netConnect = netLookup.findStatic(net, "connect", MethodType.methodType(int.class,
                ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class));
        netPoll = netLookup.findStatic(net, "poll",
                MethodType.methodType(int.class, FileDescriptor.class, int.class, long.class));
        pollIn = constant(netLookup, net, "POLLIN");
        pollOut = constant(netLookup, net, "POLLOUT");
        pollErrOrHup = constant(netLookup, net, "POLLERR") | constant(netLookup, net, "POLLHUP");
        pollInvalid = constant(netLookup, net, "POLLNVAL");
        Class<?> keyImpl = Class.forName("sun.nio.ch.SelectionKeyImpl", false, null);
        MethodHandles.Lookup key = MethodHandles.privateLookupIn(keyImpl, MethodHandles.lookup());
        readyOps = key.findVirtual(keyImpl, "nioReadyOps", MethodType.methodType(int.class))
                .asType(MethodType.methodType(int.class, Object.class));
        setReadyOps = key.findVirtual(keyImpl, "nioReadyOps",
                MethodType.methodType(void.class, int.class))
                .asType(MethodType.methodType(void.class, Object.class, int.class));
        interestOps = key.findVirtual(keyImpl, "nioInterestOps", MethodType.methodType(int.class))
                .asType(MethodType.methodType(int.class, Object.class));
        Class<?> selectorImpl = Class.forName("sun.nio.ch.SelectorImpl", false, null);
        setEventOps = MethodHandles.privateLookupIn(selectorImpl, MethodHandles.lookup())
                .findVirtual(selectorImpl, "setEventOps",
                        MethodType.methodType(void.class, keyImpl))
                .asType(MethodType.methodType(void.class, Selector.class, SelectionKey.class));
        MethodHandles.Lookup selectable = MethodHandles.privateLookupIn(
                AbstractSelectableChannel.class, MethodHandles.lookup());
        keys = selectable.findVarHandle(AbstractSelectableChannel.class, "keys",
                SelectionKey[].class);
        keyLock = selectable.findVarHandle(AbstractSelectableChannel.class, "keyLock",
                Object.class);
    }

    private static int constant(MethodHandles.Lookup lookup, Class<?> owner, String name)
            throws ReflectiveOperationException {
        return (short) lookup.findStaticVarHandle(owner, name, short.class).get();
    }

    /** Whether routing can handle this channel (the JDK's own implementation). */
    boolean handles(SocketChannel channel) {
        return implementation.isInstance(channel);
    }

    /** Reads from the descriptor: bytes read, 0 when nothing is there yet, -1 at its end. */
    int read(SocketChannel channel, ByteBuffer buffer) throws IOException {
        return transfer(ioRead, channel, buffer);
    }

    /** Writes to the descriptor: bytes written, 0 when it cannot take any now. */
    int write(SocketChannel channel, ByteBuffer buffer) throws IOException {
        return transfer(ioWrite, channel, buffer);
    }

    private int transfer(MethodHandle io, SocketChannel channel, ByteBuffer buffer)
            throws IOException {
        try {
            return transferred((int) io.invokeExact((FileDescriptor) fd.get(channel), buffer,
                    -1L, dispatcher));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /** IOStatus: -2 unavailable and -3 interrupted both mean "not now"; -1 end of stream. */
    private static int transferred(int status) {
        return status < -1 ? 0 : status;
    }

    /** Whether the channel's TCP connect completed; throws its failure. */
    boolean pollConnectNow(SocketChannel channel) throws IOException {
        try {
            return (boolean) pollConnectNow.invokeExact((FileDescriptor) fd.get(channel));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /**
     * Starts a TCP connect of the channel's descriptor to another address after its previous
     * connect failed. Linux lets such a socket connect again, but the first {@code connect}
     * after the failure only reports it ({@code ECONNABORTED}: the error itself was already
     * taken by {@code pollConnectNow}) and resets the socket; the second one connects.
     *
     * @return whether it connected at once
     */
    boolean reconnect(SocketChannel channel, InetSocketAddress address) throws IOException {
        try {
            return connectDescriptor(channel, address);
        } catch (java.net.SocketException stillFailed) {
            return connectDescriptor(channel, address);
        }
    }

    private boolean connectDescriptor(SocketChannel channel, InetSocketAddress address)
            throws IOException {
        try {
            return (int) netConnect.invokeExact((ProtocolFamily) family.get(channel),
                    (FileDescriptor) fd.get(channel), address.getAddress(), address.getPort()) > 0;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /** Waits up to {@code millis} for the poll {@code events} on the channel's descriptor. */
    void poll(SocketChannel channel, int events, long millis) throws IOException {
        try {
            int ignored = (int) netPoll.invokeExact((FileDescriptor) fd.get(channel), events,
                    millis);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    int readyOps(Object key) {
        try {
            return (int) readyOps.invokeExact(key);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    void setReadyOps(Object key, int ops) {
        try {
            setReadyOps.invokeExact(key, ops);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    int interestOps(Object key) {
        try {
            return (int) interestOps.invokeExact(key);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Makes every selector the channel is registered with translate its interest again at
     * its next selection (the key's own {@code interestOps} only does so on a change of the
     * application's interest set).
     */
    void refreshRegistrations(SocketChannel channel) {
        SelectionKey[] registered;
        synchronized (keyLock.get(channel)) {
            SelectionKey[] all = (SelectionKey[]) keys.get(channel);
            registered = all == null ? null : all.clone();
        }
        if (registered == null) {
            return;
        }
        for (SelectionKey key : registered) {
            if (key != null && key.isValid()) {
                try {
                    setEventOps.invokeExact(key.selector(), key);
                } catch (ClosedSelectorException | CancelledKeyException gone) {
                    // that registration no longer selects anything
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    }

    /**
     * The blocking connect with a timeout that the JDK's socket adaptor uses, called without
     * the adaptor, which would turn {@code ClosedByInterruptException} into a plain
     * {@code SocketException}: waits no longer than {@code nanos} ({@code Long.MAX_VALUE}:
     * as long as the system does), throws {@code SocketTimeoutException} when the time is up,
     * and closes the channel on any failure, as the JDK does.
     */
    void blockingConnect(SocketChannel channel, SocketAddress address, long nanos)
            throws IOException {
        try {
            blockingConnect.invokeExact(channel, address, nanos);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    static ChannelInternals lookUp() throws ReflectiveOperationException {
        return new ChannelInternals();
    }

    /**
     * Makes a channel connected through sockd report the destination from
     * {@code getRemoteAddress()} (and its socket adaptor from {@code getInetAddress()}), as a
     * direct connection would. The field only serves reporting; I/O uses the descriptor.
     */
    void reportPeer(SocketChannel channel, InetSocketAddress destination) {
        if (implementation.isInstance(channel)) {
            remoteAddress.setVolatile(channel, destination);
        }
    }
}
