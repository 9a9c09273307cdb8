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
    private final Reviver reviver;
    private final MethodHandle plainInput;
    private final MethodHandle plainOutput;

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
        reviver = Reviver.find(socket);
        plainInput = socket.findSpecial(Socket.class, "getInputStream",
                MethodType.methodType(InputStream.class), Socket.class);
        plainOutput = socket.findSpecial(Socket.class, "getOutputStream",
                MethodType.methodType(OutputStream.class), Socket.class);
    }

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

    boolean canRevive() {
        return reviver != null;
    }

    /**
     * Returns a closed socket to the state of a new one, so that the next sockd of an
     * {@code @=} list can be tried on the application's own socket object (a failed connect
     * closes a socket for good).
     */
    void revive(Socket socket) {
        reviver.revive(socket, socketImpl);
    }

    /** Resets the state fields of one JDK generation's {@code Socket}. */
    private abstract static class Reviver {

        private final VarHandle in;
        private final VarHandle out;

        Reviver(VarHandle in, VarHandle out) {
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

        /** The reviver for this JDK's layout, or {@code null} for a layout it does not know. */
        static Reviver find(MethodHandles.Lookup socket) {
            VarHandle in;
            VarHandle out;
            try {
                in = socket.findVarHandle(Socket.class, "in", InputStream.class);
                out = socket.findVarHandle(Socket.class, "out", OutputStream.class);
            } catch (ReflectiveOperationException e) {
                return null;
            }
            try {
                return new StateWord(in, out,
                        socket.findVarHandle(Socket.class, "state", int.class));
            } catch (ReflectiveOperationException notThisGeneration) {
                // fall through to the JDK 17-21 layout
            }
            try {
                String[] names = {"created", "bound", "connected", "closed", "shutIn", "shutOut"};
                VarHandle[] flags = new VarHandle[names.length];
                for (int i = 0; i < names.length; i++) {
                    flags[i] = socket.findVarHandle(Socket.class, names[i], boolean.class);
                }
                return new Flags(in, out, flags);
            } catch (ReflectiveOperationException unknownLayout) {
                return null;
            }
        }
    }

    /** JDKs after 21 (25 among them): one state word (created, bound, connected, closed, shut in/out). */
    private static final class StateWord extends Reviver {
        private final VarHandle state;

        StateWord(VarHandle in, VarHandle out, VarHandle state) {
            super(in, out);
            this.state = state;
        }

        @Override
        void resetState(Socket socket) {
            state.setVolatile(socket, 0);
        }
    }

    /** JDK 17 to 21: one boolean field per state. */
    private static final class Flags extends Reviver {
        private final VarHandle[] flags;

        Flags(VarHandle in, VarHandle out, VarHandle[] flags) {
            super(in, out);
            this.flags = flags;
        }

        @Override
        void resetState(Socket socket) {
            for (VarHandle flag : flags) {
                flag.setVolatile(socket, false);
            }
        }
    }
}
