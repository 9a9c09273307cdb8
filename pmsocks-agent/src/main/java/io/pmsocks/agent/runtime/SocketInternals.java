package io.pmsocks.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.Socket;
import java.net.SocketImpl;

/**
 * The few private fields of {@code java.net} that routing needs, found once at start-up by
 * name so that one agent jar works on every supported JDK (their layout differs between 17 and
 * 25). The agent opens {@code java.net} to itself before creating this.
 */
final class SocketInternals {

    private final VarHandle socketImpl;
    private final Class<?> socksImplClass;
    private final Class<?> httpConnectImplClass;
    private final VarHandle socksServer;
    private final VarHandle socksExternalAddress;
    private final VarHandle implAddress;
    private final VarHandle implPort;
    /** {@code null} on a JDK whose Socket layout is unknown: then no failover, plain connects. */
    private final Layout layout;
    private final MethodHandle plainInput;
    private final MethodHandle plainOutput;
    private final MethodHandle plainConnect;
    private final MethodHandle plainClose;
    private final MethodHandle getImpl;
    private final MethodHandle implConnect;

    private SocketInternals() throws ReflectiveOperationException {
        MethodHandles.Lookup socket = MethodHandles.privateLookupIn(Socket.class,
                MethodHandles.lookup());
        socketImpl = socket.findVarHandle(Socket.class, "impl", SocketImpl.class);
        socksImplClass = Class.forName("java.net.SocksSocketImpl", false, null);
        // not initialised: its initialiser loads HttpURLConnection and the platform logger
        httpConnectImplClass = Class.forName("java.net.HttpConnectSocketImpl", false, null);
        MethodHandles.Lookup socks = MethodHandles.privateLookupIn(socksImplClass,
                MethodHandles.lookup());
        socksServer = socks.findVarHandle(socksImplClass, "server", String.class);
        socksExternalAddress = socks.findVarHandle(socksImplClass, "external_address",
                InetSocketAddress.class);
        MethodHandles.Lookup impl = MethodHandles.privateLookupIn(SocketImpl.class,
                MethodHandles.lookup());
        implAddress = impl.findVarHandle(SocketImpl.class, "address", InetAddress.class);
        implPort = impl.findVarHandle(SocketImpl.class, "port", int.class);
        layout = Layout.find(socket);
        plainConnect = socket.findSpecial(Socket.class, "connect",
                MethodType.methodType(void.class, SocketAddress.class, int.class), Socket.class);
        plainClose = socket.findSpecial(Socket.class, "close", MethodType.methodType(void.class),
                Socket.class);
        getImpl = socket.findSpecial(Socket.class, "getImpl",
                MethodType.methodType(SocketImpl.class), Socket.class);
        implConnect = impl.findVirtual(SocketImpl.class, "connect",
                MethodType.methodType(void.class, SocketAddress.class, int.class));
        plainInput = socket.findSpecial(Socket.class, "getInputStream",
                MethodType.methodType(InputStream.class), Socket.class);
        plainOutput = socket.findSpecial(Socket.class, "getOutputStream",
                MethodType.methodType(OutputStream.class), Socket.class);
    }

    /** The JDK's SSLSocket, a final class: one name compare tells an SSL socket apart. */
    private static final String SSL_SOCKET_IMPL = "sun.security.ssl.SSLSocketImpl";

    /**
     * {@code SSLSocketImpl}'s peer host field and its {@code setHost}, found when the first SSL
     * socket needs them; {@link #NO_SSL_HOST} when this JDK has neither.
     */
    private volatile SslHost sslHost;

    private record SslHost(VarHandle peerHost, MethodHandle setHost) {
    }

    private static final SslHost NO_SSL_HOST = new SslHost(null, null);

    static SocketInternals lookUp() throws ReflectiveOperationException {
        return new SocketInternals();
    }

    /**
     * A socket created with a proxy of the application's own ({@code new Socket(Proxy)} of
     * type SOCKS or HTTP) is left alone (SPEC §3).
     */
    boolean hasApplicationProxy(Socket socket) {
        Object impl = socketImpl.getVolatile(socket);
        if (impl == null) {
            return false;
        }
        if (httpConnectImplClass.isInstance(impl)) {
            return true;
        }
        return socksImplClass.isInstance(impl) && socksServer.get(impl) != null;
    }

    /**
     * Makes a socket connected through sockd report the destination as its peer, the way the
     * JDK's own SOCKS support does: {@code getInetAddress}, {@code getPort},
     * {@code getRemoteSocketAddress} and {@code toString} then name the destination.
     */
    void reportPeer(Socket socket, InetSocketAddress destination) {
        Object impl = socketImpl.getVolatile(socket);
        if (socksImplClass.isInstance(impl)) {
            socksExternalAddress.set(impl, destination);
        } else if (impl instanceof SocketImpl && !destination.isUnresolved()) {
            implAddress.set(impl, destination.getAddress());
            implPort.set(impl, destination.getPort());
        }
    }

    /**
     * Tells an {@code SSLSocket} connected to a name that only sockd resolves (an unresolved
     * address) that it talks to that name: the JDK would take the host from the socket's peer
     * address, which it does not know, and fail the handshake ("Hostname or IP address is
     * undefined"). The name becomes its peer host, for SNI and hostname verification, as
     * {@code createSocket(host, port)} would have made it; a host the application set
     * already is kept. A resolved destination needs nothing: the JDK takes the name the
     * application gave from the address {@link #reportPeer} reports.
     */
    void reportPeerHost(Socket socket, InetSocketAddress destination) {
        if (!destination.isUnresolved() || socket.getClass() == Socket.class
                || !socket.getClass().getName().equals(SSL_SOCKET_IMPL)) {
            return;
        }
        SslHost host = sslHost(socket.getClass());
        if (host == NO_SSL_HOST || host.peerHost().get(socket) != null) {
            return;
        }
        try {
            host.setHost().invoke(socket, destination.getHostString());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private SslHost sslHost(Class<?> sslSocketImpl) {
        SslHost known = sslHost;
        if (known == null) {
            try {
                MethodHandles.Lookup ssl = MethodHandles.privateLookupIn(sslSocketImpl,
                        MethodHandles.lookup());
                known = new SslHost(ssl.findVarHandle(sslSocketImpl, "peerHost", String.class),
                        ssl.findVirtual(sslSocketImpl, "setHost",
                                MethodType.methodType(void.class, String.class)));
            } catch (ReflectiveOperationException | RuntimeException unknownJdk) {
                known = NO_SSL_HOST; // as without pmsocks' help: the JDK's own message
            }
            sslHost = known;
        }
        return known;
    }

    /**
     * The socket's own byte streams, as {@code java.net.Socket} implements them, even where a
     * subclass overrides them: an {@code SSLSocket}'s streams speak TLS, while the SOCKS
     * exchange happens below it, before its handshake.
     */
    InputStream plainInput(Socket socket) throws IOException {
        try {
            return (InputStream) plainInput.invokeExact(socket);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /** See {@link #plainInput}. */
    OutputStream plainOutput(Socket socket) throws IOException {
        try {
            return (OutputStream) plainOutput.invokeExact(socket);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /**
     * Connects the socket to {@code address} the way {@code Socket.connect} does, but without
     * calling any method a subclass can override: an {@code SSLSocket}'s {@code connect} would
     * otherwise take the server for its peer (its host name, SNI and hostname verification), and
     * a subclass's own {@code connect} would run a second time. The socket's implementation
     * connects, then the socket is marked connected. Unlike {@code Socket.connect} on recent
     * JDKs, a failure does not close the socket: only the application can have closed it, so
     * {@link Socket#isClosed()} afterwards tells the two apart.
     */
    void connect(Socket socket, InetSocketAddress address, int timeout) throws IOException {
        try {
            if (layout == null) {
                plainConnect.invokeExact(socket, (SocketAddress) address, timeout);
                return;
            }
            SocketImpl impl = (SocketImpl) getImpl.invokeExact(socket);
            implConnect.invokeExact(impl, (SocketAddress) address, timeout);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
        layout.markConnected(socket);
    }

    boolean canRevive() {
        return layout != null;
    }

    /**
     * Closes the socket and returns it to the state of a new one, so that the next server of
     * an {@code @=} list can be tried on the application's own socket object, unless the
     * application closed it meanwhile: checked and done under the lock {@code Socket.close}
     * takes, so that a close from another thread is never undone.
     *
     * @return {@code false} when the socket was already closed (by the application, or by an
     *     interrupt), which ends the connect
     */
    boolean closeAndRevive(Socket socket) throws IOException {
        synchronized (layout.closeLock(socket)) {
            if (socket.isClosed()) {
                return false;
            }
            try {
                plainClose.invokeExact(socket);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable impossible) {
                throw new IOException(impossible);
            }
            layout.revive(socket, socketImpl);
            return true;
        }
    }

    /** The state fields of one JDK generation's {@code Socket}. */
    private abstract static class Layout {

        private final VarHandle in;
        private final VarHandle out;

        Layout(VarHandle in, VarHandle out) {
            this.in = in;
            this.out = out;
        }

        final void revive(Socket socket, VarHandle impl) {
            impl.setVolatile(socket, null);
            in.setVolatile(socket, null);
            out.setVolatile(socket, null);
            resetState(socket);
        }

        abstract void resetState(Socket socket);

        /** What {@code Socket.connect} records after its implementation connected. */
        abstract void markConnected(Socket socket);

        /** The monitor {@code Socket.close} holds while it closes. */
        abstract Object closeLock(Socket socket);

        /** The layout of this JDK, or {@code null} for one it does not know. */
        static Layout find(MethodHandles.Lookup socket) {
            VarHandle in;
            VarHandle out;
            try {
                in = socket.findVarHandle(Socket.class, "in", InputStream.class);
                out = socket.findVarHandle(Socket.class, "out", OutputStream.class);
            } catch (ReflectiveOperationException e) {
                return null;
            }
            try {
                return new StateWord(in, out, socket);
            } catch (ReflectiveOperationException notThisGeneration) {
                // fall through to the JDK 17-21 layout
            }
            try {
                return new Flags(in, out, socket);
            } catch (ReflectiveOperationException unknownLayout) {
                return null;
            }
        }
    }

    /**
     * JDKs after 21 (25 among them): one state word (created, bound, connected, closed, shut
     * in/out), closed under {@code socketLock}.
     */
    private static final class StateWord extends Layout {
        private final VarHandle state;
        private final VarHandle socketLock;
        private final int connectedBits;

        StateWord(VarHandle in, VarHandle out, MethodHandles.Lookup socket)
                throws ReflectiveOperationException {
            super(in, out);
            state = socket.findVarHandle(Socket.class, "state", int.class);
            socketLock = socket.findVarHandle(Socket.class, "socketLock", Object.class);
            connectedBits = (int) socket.findStaticVarHandle(Socket.class, "BOUND", int.class)
                    .get()
                    | (int) socket.findStaticVarHandle(Socket.class, "CONNECTED", int.class).get();
        }

        @Override
        void resetState(Socket socket) {
            state.setVolatile(socket, 0);
        }

        @Override
        void markConnected(Socket socket) {
            state.getAndBitwiseOr(socket, connectedBits);
        }

        @Override
        Object closeLock(Socket socket) {
            return socketLock.get(socket);
        }
    }

    /** JDK 17 to 21: one boolean field per state; {@code close} is a synchronized method. */
    private static final class Flags extends Layout {
        private static final String[] NAMES =
                {"created", "bound", "connected", "closed", "shutIn", "shutOut"};
        private final VarHandle[] flags = new VarHandle[NAMES.length];

        Flags(VarHandle in, VarHandle out, MethodHandles.Lookup socket)
                throws ReflectiveOperationException {
            super(in, out);
            for (int i = 0; i < NAMES.length; i++) {
                flags[i] = socket.findVarHandle(Socket.class, NAMES[i], boolean.class);
            }
        }

        @Override
        void resetState(Socket socket) {
            for (VarHandle flag : flags) {
                flag.setVolatile(socket, false);
            }
        }

        @Override
        void markConnected(Socket socket) {
            flags[2].setVolatile(socket, true); // connected
            flags[1].setVolatile(socket, true); // bound
        }

        @Override
        Object closeLock(Socket socket) {
            return socket;
        }
    }
}
