package io.pmsocks.agent.install;

import io.pmsocks.agent.runtime.NameServiceInternals;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The JDK classes the agent weaves and the advice woven into each. Kept free of ByteBuddy
 * types so that a start served from the cache never loads ByteBuddy.
 */
enum WovenTarget {
    SOCKET("java.net.Socket", "io.pmsocks.agent.install.SocketConnectAdvice"),
    SOCKET_CHANNEL("sun.nio.ch.SocketChannelImpl",
            "io.pmsocks.agent.install.ChannelConnectAdvice",
            "io.pmsocks.agent.install.ChannelBlockingConnectAdvice",
            "io.pmsocks.agent.install.ChannelReadyOpsAdvice",
            "io.pmsocks.agent.install.ChannelInterestOpsAdvice",
            "io.pmsocks.agent.install.ChannelFinishConnectAdvice",
            "io.pmsocks.agent.install.ChannelCloseAdvice"),
    INET_ADDRESS(NameServiceInternals.LOOKUP_CLASS, "io.pmsocks.agent.install.NameLookupAdvice"),
    ASYNC_SOCKET_CHANNEL("sun.nio.ch.AsynchronousSocketChannelImpl",
            "io.pmsocks.agent.install.AsyncConnectAdvice",
            "io.pmsocks.agent.install.AsyncConnectFutureAdvice");

    final String className;
    final List<String> adviceNames;

    WovenTarget(String className, String... adviceNames) {
        this.className = className;
        this.adviceNames = List.of(adviceNames);
    }

    /** The JDK's original class file, from the runtime image. */
    byte[] originalBytes() throws IOException {
        return resource(Object.class, "/" + className.replace('.', '/') + ".class");
    }

    /** One of the agent's own class files, read as bytes (the class is not loaded). */
    static byte[] classFile(String className) throws IOException {
        return resource(WovenTarget.class, "/" + className.replace('.', '/') + ".class");
    }

    private static byte[] resource(Class<?> anchor, String name) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no class file " + name);
            }
            return in.readAllBytes();
        }
    }
}
