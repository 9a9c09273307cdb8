package io.pmsocks.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.net.Socket;
import java.util.Map;
import java.util.Set;

/**
 * Defines {@code java.net.PmsocksBridge} inside {@code java.base}, where the advice woven into
 * JDK classes can call it. A class defined there through a {@code java.net} lookup is seen by
 * the bootstrap loader without appending to the boot class path, which would print a VM
 * warning and turn class sharing off for application classes.
 *
 * <p>Defining it needs {@code java.net} opened to the agent; the runtime also reads a few
 * private {@code java.net} and {@code sun.nio.ch} fields (see {@code SocketInternals}) and
 * drives the handshake of a non-blocking channel on the application's selectors
 * ({@code java.nio.channels.spi} for a channel's keys), tells an {@code SSLSocket} connected to a name that only sockd resolves which host it is
 * talking to ({@code sun.security.ssl}), so these packages are opened to the class path's
 * unnamed module.
 */
final class JavaBaseBridge {

    static final String CLASS_NAME = "java.net.PmsocksBridge";
    private static final String RESOURCE = "java.net.PmsocksBridge.bytes";

    private JavaBaseBridge() {
    }

    /** Whether an agent has already defined it in this JVM. */
    static boolean isDefined() {
        try {
            Class.forName(CLASS_NAME, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The defined class, through which the router is installed. */
    record Defined(Class<?> bridge) {
        boolean install(MethodHandle socketRoute, MethodHandle channelRoute)
                throws ReflectiveOperationException {
            return (boolean) bridge.getMethod("install", MethodHandle.class, MethodHandle.class)
                    .invoke(null, socketRoute, channelRoute);
        }

        void installNames(MethodHandle beforeResolver, MethodHandle afterFailure)
                throws ReflectiveOperationException {
            bridge.getMethod("installNames", MethodHandle.class, MethodHandle.class)
                    .invoke(null, beforeResolver, afterFailure);
        }

        void installAsync(MethodHandle asyncRoute) throws ReflectiveOperationException {
            bridge.getMethod("installAsync", MethodHandle.class).invoke(null, asyncRoute);
        }

        /** Installs the selector hooks of non-blocking channels (see ConnectRouter). */
        void installChannelEvents(java.util.Map<?, ?> connecting, MethodHandle readyOps,
                MethodHandle interestOps, MethodHandle finishConnect)
                throws ReflectiveOperationException {
            bridge.getMethod("installChannelEvents", java.util.Map.class, MethodHandle.class,
                    MethodHandle.class, MethodHandle.class)
                    .invoke(null, connecting, readyOps, interestOps, finishConnect);
        }
    }

    static Defined define(Instrumentation instrumentation) throws IOException, IllegalAccessException {
        Module javaBase = Object.class.getModule();
        Module agent = JavaBaseBridge.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("java.net", Set.of(agent), "sun.nio.ch", Set.of(agent),
                        "java.nio.channels.spi", Set.of(agent),
                        "sun.security.ssl", Set.of(agent)), Set.of(), Map.of());
        byte[] bytes;
        try (InputStream in = JavaBaseBridge.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the agent jar lacks " + RESOURCE);
            }
            bytes = in.readAllBytes();
        }
        return new Defined(
                MethodHandles.privateLookupIn(Socket.class, MethodHandles.lookup()).defineClass(bytes));
    }
}
