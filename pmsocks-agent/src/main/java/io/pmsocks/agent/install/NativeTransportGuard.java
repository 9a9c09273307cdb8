package io.pmsocks.agent.install;

import io.pmsocks.agent.runtime.DebugLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps Netty's native transports (epoll, kqueue, io_uring) from connecting around the rules.
 * Their sockets connect in native code ({@code io.netty.channel.unix.Socket.connect}), which no
 * advice on a JDK class sees; routing them there would mean blocking the event loop for the
 * handshake. Instead each transport's availability class is made to say that the transport is
 * unavailable, and every library that prefers a native transport when it is available (gRPC,
 * Lettuce, Reactor Netty, Vert.x, Netty's own helpers) falls back to NIO, which is routed. An
 * application that insists on a native channel type fails with a {@code pmsocks:} message.
 *
 * <p>Matched by the end of the class name only, so that copies relocated under any prefix
 * (gRPC's {@code io.grpc.netty.shaded.}) are found too; nothing is scanned or loaded. The
 * relocated copies read a relocated property, which the prefix gives.
 *
 * <ul>
 * <li>Started with the JVM: when such a class is being defined, {@code PREFIX
 *     io.netty.transport.noNative} is set to {@code true} before its static initialiser reads
 *     it, and the class's two messages (the one {@code ensureAvailability} throws and the cause)
 *     are replaced by ours in its constant pool: no bytecode changes, no class loaded.
 * <li>Attached: a class already initialised has read the property, so its
 *     {@code isAvailable}, {@code ensureAvailability} and {@code unavailabilityCause} are
 *     rewoven to report the transport unavailable. A library that chose the native channel
 *     type before the attach keeps it, and its connects stay beyond reach; the debug output
 *     says so.
 * </ul>
 */
final class NativeTransportGuard implements ClassFileTransformer {

    /** The property that Netty's availability classes read, before any relocation prefix. */
    static final String NO_NATIVE_PROPERTY = "io.netty.transport.noNative";

    /** What Netty's {@code ensureAvailability} throws, and the cause when the property is set. */
    static final String NETTY_FAILURE = "failed to load the required native library";
    static final String NETTY_CAUSE =
            "Native transport was explicit disabled with -Dio.netty.transport.noNative=true";

    /**
     * Each native transport's availability class (internal name without a prefix): Netty 4.1 and
     * 4.2 epoll and kqueue, 4.2's io_uring and the 4.1 incubator's. All four hold a static
     * {@code UNAVAILABILITY_CAUSE} set from the property and the three public methods below.
     */
    enum Transport {
        EPOLL("io/netty/channel/epoll/Epoll", "epoll"),
        KQUEUE("io/netty/channel/kqueue/KQueue", "kqueue"),
        IO_URING("io/netty/channel/uring/IoUring", "io_uring"),
        IO_URING_INCUBATOR("io/netty/incubator/channel/uring/IOUring", "io_uring (incubator)");

        final String suffix;
        final String displayName;

        Transport(String suffix, String displayName) {
            this.suffix = suffix;
            this.displayName = displayName;
        }

        /** This transport's class under any prefix (a whole package path or none), else null. */
        static Transport of(String internalName) {
            for (Transport transport : values()) {
                String suffix = transport.suffix;
                if (internalName.endsWith(suffix)) {
                    int prefixLength = internalName.length() - suffix.length();
                    if (prefixLength == 0 || internalName.charAt(prefixLength - 1) == '/') {
                        return transport;
                    }
                }
            }
            return null;
        }

        /** {@code ""} or the relocation prefix in dotted form, ending with a dot. */
        String prefixOf(String internalName) {
            return internalName.substring(0, internalName.length() - suffix.length())
                    .replace('/', '.');
        }

        /** What the application gets when it insists on this transport. */
        String failure() {
            return "pmsocks: Netty's native " + displayName + " transport is switched off, as its"
                    + " connects would bypass the rules of pmsocks; use Netty's NIO transport"
                    + " (NioIoHandler or NioEventLoopGroup with NioSocketChannel), which pmsocks"
                    + " routes";
        }

        /** The cause that {@code unavailabilityCause()} reports. */
        String cause(String prefix) {
            return "pmsocks switched Netty's native transports off (" + prefix + NO_NATIVE_PROPERTY
                    + "=true): they connect in native code, which pmsocks cannot route";
        }
    }

    private final DebugLog log;

    NativeTransportGuard(DebugLog log) {
        this.log = log;
    }

    /**
     * Registers the guard. At launch nothing of Netty's is loaded yet and the transformer is all
     * there is; after an attach the classes already loaded are rewoven now.
     */
    static void install(Instrumentation instrumentation, DebugLog log, boolean attached) {
        NativeTransportGuard guard = new NativeTransportGuard(log);
        if (!attached) {
            instrumentation.addTransformer(guard, false);
            return;
        }
        instrumentation.addTransformer(guard, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (Transport.of(type.getName().replace('.', '/')) != null
                    && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (loaded.isEmpty()) {
            return;
        }
        // the weaver's classes are loaded here, not on the retransforming thread's callback
        NativeTransportWeaving.prepare();
        try {
            instrumentation.retransformClasses(loaded.toArray(Class<?>[]::new));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            System.err.println("pmsocks: cannot switch off Netty's native transports loaded before"
                    + " the attach (" + e + "); their connects are not routed");
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        Transport transport = Transport.of(className);
        if (transport == null) {
            return null;
        }
        try {
            return switchOff(transport, className, classBeingRedefined, classfileBuffer);
        } catch (RuntimeException | LinkageError bug) {
            // a transformer's exception is swallowed by the JVM: say it, or the transport's
            // connects would go direct without a word
            System.err.println("pmsocks: cannot switch off " + className.replace('/', '.')
                    + " (" + bug + "); its connects are not routed");
            return null;
        }
    }

    private byte[] switchOff(Transport transport, String className, Class<?> classBeingRedefined,
            byte[] classfileBuffer) {
        String prefix = transport.prefixOf(className);
        String property = prefix + NO_NATIVE_PROPERTY;
        System.setProperty(property, "true");
        String name = className.replace('/', '.');
        if (classBeingRedefined == null) {
            byte[] rewritten = ConstantPoolStrings.replace(classfileBuffer,
                    NETTY_FAILURE, transport.failure(), NETTY_CAUSE, transport.cause(prefix));
            if (log.enabled()) {
                log.log("Netty native transport " + name + ": switched off before it loaded ("
                        + property + "=true); Netty falls back to NIO, which is routed");
            }
            return rewritten;
        }
        byte[] woven = NativeTransportWeaving.reportUnavailable(classfileBuffer,
                transport.failure(), transport.cause(prefix));
        if (log.enabled()) {
            log.log("Netty native transport " + name + ": loaded before the attach, rewoven to"
                    + " report itself unavailable; libraries that ask again use NIO, which is"
                    + " routed, but native channels chosen before the attach connect directly");
        }
        return woven;
    }
}
