package io.pmsocks.agent.runtime;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.Settings;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.URI;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides every connect the woven JDK methods hand over, and carries the decision out: let it
 * through, refuse it, or make it through sockd.
 */
public final class ConnectRouter {

    /** The default bound of a blocking connect through a proxy without a timeout. */
    public static final Duration DEFAULT_CONNECT_BOUND = Settings.DEFAULT_CONNECT_BOUND;

    private static final String BOUND_ORIGIN = "the bound of a connect without a timeout, "
            + Settings.Key.CONNECT_TIMEOUT.variable();

    private final DeferredRules rules;
    private final Settings settings;
    private final DebugLog log;
    private final String user;
    private final ServerResolver resolver;
    /** Built at the first connect: a JVM's start-up mostly happens before it connects. */
    private volatile Routes routes;
    private final ShellCommandRunner shellCommands;
    private final String banner;
    private final long connectBoundMillis;
    private final AtomicBoolean bannerShown = new AtomicBoolean();
    private final AtomicBoolean bugReported = new AtomicBoolean();
    /** Placeholders of names only a sockd resolves; {@code null} when there are none. */
    private FarSideNames names;
    /**
     * Guards the lazy routes: a lock, not a monitor, so that a virtual thread's first connect
     * does not pin its carrier (JDK 21-23) while the JDK internals are looked up.
     */
    private final ReentrantLock lazyInit = new ReentrantLock();
    /** Shared by the routes; built with the first of them, under {@link #lazyInit}. */
    private Handshakes handshakes;
    /** Built at the first AsynchronousSocketChannel connect through sockd. */
    private volatile AsyncSockdRoute asyncRoute;
    /** Non-blocking channels whose connect through sockd is being handshaken. */
    private final ConcurrentHashMap<SocketChannel, SelectorConnect> connecting =
            new ConcurrentHashMap<>();

    /** The JDK internals routing reads, and the two routes through sockd. */
    private record Routes(SocketInternals socketInternals, SocketSockdRoute socket,
            ChannelSockdRoute channel) {
    }

    private ConnectRouter(DeferredRules rules, Settings settings, DebugLog log, String user,
            String banner) {
        this.rules = rules;
        this.settings = settings;
        this.log = log;
        this.user = user;
        this.resolver = new ServerResolver(settings.nameServer());
        this.shellCommands = new ShellCommandRunner(log, user);
        this.banner = banner;
        this.connectBoundMillis = settings.connectBound().toMillis();
    }

    /**
     * Its first connect needs {@code java.net} and {@code sun.nio.ch} opened to the agent.
     *
     * @param banner the SOCKS_BANNER line
     */
    public static ConnectRouter create(DeferredRules rules, Settings settings, DebugLog log,
            String user, String banner) {
        return new ConnectRouter(rules, settings, log, user, banner);
    }

    private Routes routes() throws IOException {
        Routes known = routes;
        if (known == null) {
            lazyInit.lock();
            try {
                known = routes;
                if (known == null) {
                    try (AgentWork.Scope ignored = AgentWork.enter()) {
                        SocketInternals socketInternals = SocketInternals.lookUp();
                        Handshakes handshakes = sharedHandshakes();
                        known = new Routes(socketInternals,
                                new SocketSockdRoute(socketInternals, resolver, log, handshakes),
                                new ChannelSockdRoute(ChannelInternals.lookUp(), resolver, log,
                                        handshakes, connecting));
                    } catch (ReflectiveOperationException e) {
                        throw new IOException("pmsocks cannot reach the JDK internals it needs on"
                                + " this JVM (" + e + ")", e);
                    }
                    routes = known;
                }
            } finally {
                lazyInit.unlock();
            }
        }
        return known;
    }

    /**
     * {@code routeSocket} bound to this router, as {@code java.net.PmsocksBridge} calls it:
     * {@code (Socket, SocketAddress, int) boolean}.
     */
    public MethodHandle socketEntryPoint() throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(ConnectRouter.class, "routeSocket",
                MethodType.methodType(boolean.class, Socket.class, SocketAddress.class, int.class))
                .bindTo(this);
    }

    /**
     * {@code routeChannel} bound to this router, as {@code java.net.PmsocksBridge} calls it:
     * {@code (SocketChannel, SocketAddress, long) boolean}.
     */
    public MethodHandle channelEntryPoint() throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(ConnectRouter.class, "routeChannel",
                MethodType.methodType(boolean.class, SocketChannel.class, SocketAddress.class,
                        long.class))
                .bindTo(this);
    }

    /** The channels being handshaken, which the bridge's selector hooks look up first. */
    public Map<SocketChannel, ?> connectingChannels() {
        return connecting;
    }

    /** {@code readyOps} bound to this router: {@code (SocketChannel, int, int, Object) int}. */
    public MethodHandle readyOpsHook() throws ReflectiveOperationException {
        return hook("readyOps");
    }

    /** {@code interestOps} bound to this router, with the same signature. */
    public MethodHandle interestOpsHook() throws ReflectiveOperationException {
        return hook("interestOps");
    }

    /** {@code finishConnect} bound to this router, with the same signature. */
    public MethodHandle finishConnectHook() throws ReflectiveOperationException {
        return hook("finishConnect");
    }

    private MethodHandle hook(String name) throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(ConnectRouter.class, name,
                MethodType.methodType(int.class, SocketChannel.class, int.class, int.class,
                        Object.class))
                .bindTo(this);
    }

    /**
     * A readiness event of a channel being handshaken, from {@code translateReadyOps} on a
     * selector's thread (see {@link SelectorConnect#readyOps}).
     */
    int readyOps(SocketChannel channel, int events, int initialOps, Object key) {
        SelectorConnect connect = connecting.get(channel);
        return connect == null ? 0 : connect.readyOps(events, initialOps, key);
    }

    /** The poll events of a channel being handshaken, from {@code translateInterestOps}. */
    int interestOps(SocketChannel channel, int ops, int translated, Object unused) {
        SelectorConnect connect = connecting.get(channel);
        return connect == null ? translated : connect.interestOps(translated);
    }

    /** {@code finishConnect} of a channel being handshaken (see SelectorConnect). */
    int finishConnect(SocketChannel channel, int unused, int unused2, Object unused3)
            throws IOException {
        SelectorConnect connect = connecting.get(channel);
        return connect == null ? 0 : connect.finishConnect();
    }

    /**
     * {@code routeAsync} bound to this router, as {@code java.net.PmsocksBridge} calls it:
     * {@code (AsynchronousSocketChannel, SocketAddress, Object, CompletionHandler) Future}.
     */
    public MethodHandle asyncEntryPoint() throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(ConnectRouter.class, "routeAsync",
                MethodType.methodType(Future.class, AsynchronousSocketChannel.class,
                        SocketAddress.class, Object.class, CompletionHandler.class))
                .bindTo(this);
    }

    /**
     * Routes one {@code AsynchronousSocketChannel} connect, either form ({@code handler} null:
     * the {@code Future} form). Nothing here blocks: a refusal and the outcome through sockd
     * reach the application through its future or handler, as the JDK's own failures do.
     *
     * @return {@code null} to let the JDK's body run (direct, or a connect the JDK itself
     *     rejects: closed, connected, unresolved); else the future of the connect taken over
     */
    Future<Void> routeAsync(AsynchronousSocketChannel channel, SocketAddress remote,
            Object attachment, CompletionHandler<Void, Object> handler) {
        if (AgentWork.isActive() || !(remote instanceof InetSocketAddress target)
                || target.isUnresolved() || !channel.isOpen()) {
            return null;
        }
        try {
            if (channel.getRemoteAddress() != null) {
                return null; // the JDK's AlreadyConnectedException
            }
        } catch (IOException closed) {
            return null;
        }
        Destination destination = destination(target);
        Decision decision = rules.decide(destination, user);
        UnknownHostException unresolved = unroutable(target, destination, decision);
        if (unresolved != null) {
            return AsyncSockdRoute.refused(channel, unresolved, attachment, handler);
        }
        try {
            if (decision instanceof Decision.Direct) {
                try {
                    announce(destination, decision);
                    if (hasShellCommand(decision)) {
                        runShellCommand(decision, destination, Deadline.NONE, channel);
                    }
                } catch (RuntimeException | LinkageError bug) {
                    reportBugOnce(bug);
                }
                return null;
            }
            announce(destination, decision);
            runShellCommand(decision, destination, Deadline.NONE, channel);
        } catch (SocketTimeoutException outOfTime) {
            // a hung shell_cmd, killed: the connect's failure, through the future or handler
            return AsyncSockdRoute.refused(channel, outOfTime, attachment, handler);
        }
        if (decision instanceof Decision.Sockd sockd) {
            AsyncSockdRoute route;
            try {
                route = asyncRoute();
            } catch (IOException unreachable) {
                ConnectException failure = new ConnectException(unreachable.getMessage());
                return AsyncSockdRoute.refused(channel, failure, attachment, handler);
            }
            return route.connect(channel, target, destination, sockd, attachment, handler);
        }
        return AsyncSockdRoute.refused(channel, refusal(destination, decision, channel),
                attachment, handler);
    }

    /**
     * The one exchange factory of every route, so that its per-server labels and credentials
     * are worked out once; called with {@link #lazyInit} held.
     */
    private Handshakes sharedHandshakes() {
        if (handshakes == null) {
            handshakes = new Handshakes(user, settings.credentials());
        }
        return handshakes;
    }

    private AsyncSockdRoute asyncRoute() throws IOException {
        AsyncSockdRoute known = asyncRoute;
        if (known == null) {
            lazyInit.lock();
            try {
                known = asyncRoute;
                if (known == null) {
                    try (AgentWork.Scope ignored = AgentWork.enter()) {
                        known = new AsyncSockdRoute(AsyncChannelInternals.lookUp(), resolver, log,
                                sharedHandshakes());
                    } catch (ReflectiveOperationException e) {
                        throw new IOException("pmsocks cannot reach the JDK internals it needs on"
                                + " this JVM (" + e + ")", e);
                    }
                    asyncRoute = known;
                }
            } finally {
                lazyInit.unlock();
            }
        }
        return known;
    }

    /**
     * Routes one {@code SocketChannel} connect. The JDK gives channels no proxy support of
     * their own, so there is no application proxy to stay out of the way of.
     *
     * @param nanos the timeout of the socket adaptor's connect ({@code Long.MAX_VALUE}: none),
     *     or {@code PmsocksBridge.CHANNEL_CONNECT} for {@code SocketChannel.connect}
     * @return whether the channel was connected here; {@code false} lets the JDK's body run
     */
    boolean routeChannel(SocketChannel channel, SocketAddress remote, long nanos)
            throws IOException {
        if (AgentWork.isActive() || !(remote instanceof InetSocketAddress target)
                || !channel.isOpen() || channel.isConnected() || channel.isConnectionPending()) {
            // closed, connected, connecting: the JDK's own checks throw, and nothing is decided
            return false;
        }
        Destination destination = destination(target);
        Decision decision = rules.decide(destination, user);
        UnknownHostException unresolved = unroutable(target, destination, decision);
        if (unresolved != null) {
            throw closing(channel, unresolved);
        }
        if (decision instanceof Decision.Direct) {
            try {
                announce(destination, decision);
                if (hasShellCommand(decision)) {
                    runShellCommand(decision, destination,
                            channelDeadline(channel, destination, nanos), channel);
                }
            } catch (RuntimeException | LinkageError bug) {
                reportBugOnce(bug);
            }
            return false;
        }
        announce(destination, decision);
        Deadline deadline = channelDeadline(channel, destination, nanos);
        runShellCommand(decision, destination, deadline, channel);
        if (decision instanceof Decision.Sockd sockd) {
            routes().channel().connect(channel, target, destination, sockd, deadline);
            return true;
        }
        throw refusal(destination, decision, channel);
    }

    /**
     * A channel's own {@code connect} has no timeout: a blocking one gets
     * {@link #DEFAULT_CONNECT_BOUND}, like a Socket without a timeout. A non-blocking one gets
     * no deadline from pmsocks (its handshake runs on the application's selector, and the
     * application's own timer applies); the deadline built here then only bounds a rule's
     * shell command, the one thing its {@code connect} waits for. pmcd ports get
     * PMCD_CONNECT_TIMEOUT, and the socket adaptor's timeout is the application's own.
     */
    private Deadline channelDeadline(SocketChannel channel, Destination destination, long nanos) {
        if (nanos >= 0 && nanos != Long.MAX_VALUE) {
            return Deadline.afterMillis(Math.max(1, nanos / 1_000_000));
        }
        if (settings.isPmcdPort(destination.port())) {
            return Deadline.afterMillis(Math.max(1, settings.pmcdConnectTimeout().toMillis()));
        }
        return Deadline.afterMillis(connectBoundMillis, BOUND_ORIGIN);
    }

    /**
     * Routes one {@code Socket.connect}.
     *
     * @return whether the connect was made here; {@code false} lets the JDK's own body run
     */
    boolean routeSocket(Socket socket, SocketAddress endpoint, int timeout)
            throws IOException {
        if (AgentWork.isActive() || !(endpoint instanceof InetSocketAddress target)
                || timeout < 0 || socket.isClosed() || socket.isConnected()) {
            // a negative timeout, a closed or connected socket: the JDK's own checks throw,
            // and nothing is decided (no shell command runs, the live connection stays)
            return false;
        }
        if (hasApplicationProxy(socket) || systemProxyCovers(target)) {
            if (log.enabled()) {
                log.log("connect " + display(target) + ": left alone (the application chose a proxy)");
            }
            return false;
        }
        Destination destination = destination(target);
        Decision decision = rules.decide(destination, user);
        UnknownHostException unresolved = unroutable(target, destination, decision);
        if (unresolved != null) {
            throw closing(socket, unresolved);
        }
        if (decision instanceof Decision.Direct) {
            return connectDirect(socket, target, destination, decision, timeout);
        }
        announce(destination, decision);
        Deadline deadline = deadline(destination, timeout);
        runShellCommand(decision, destination, deadline, socket);
        if (decision instanceof Decision.Sockd sockd) {
            routes().socket().connect(socket, target, destination, sockd, deadline);
            return true;
        }
        throw refusal(destination, decision, socket);
    }

    /**
     * Whether the application gave this socket a proxy of its own. Internals that cannot be
     * read (an unknown JDK) must not break direct connects: reported once, then taken as no.
     */
    private boolean hasApplicationProxy(Socket socket) {
        try {
            return routes().socketInternals().hasApplicationProxy(socket);
        } catch (IOException | RuntimeException | LinkageError e) {
            reportBugOnce(e);
            return false;
        }
    }

    /**
     * Direct connects proceed unchanged, except that a pmcd-port connect without a timeout of
     * its own gets PMCD_CONNECT_TIMEOUT. Anything going wrong in the agent here falls back to
     * the original connect: an agent bug must never break a direct connect.
     */
    private boolean connectDirect(Socket socket, InetSocketAddress target,
            Destination destination, Decision decision, int timeout) throws IOException {
        int pmcdTimeout;
        try {
            announce(destination, decision);
            if (hasShellCommand(decision)) {
                runShellCommand(decision, destination, deadline(destination, timeout), socket);
            }
            if (timeout != 0 || !settings.isPmcdPort(destination.port())) {
                return false;
            }
            pmcdTimeout = (int) Math.max(1, settings.pmcdConnectTimeout().toMillis());
        } catch (RuntimeException | LinkageError bug) {
            reportBugOnce(bug);
            return false;
        }
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            socket.connect(target, pmcdTimeout);
        }
        return true;
    }

    /**
     * The rule's shell command, within the connect's deadline (which it uses up as any other
     * stage of the connect does). A command that runs out of time fails the connect as a
     * timed-out connect fails, closing what the application was connecting.
     */
    private void runShellCommand(Decision decision, Destination destination, Deadline deadline,
            Closeable connecting) throws SocketTimeoutException {
        try {
            shellCommands.runFor(decision.rule(), destination, deadline);
        } catch (SocketTimeoutException outOfTime) {
            try {
                connecting.close();
            } catch (IOException ignored) {
                // the timeout is what the application must see
            }
            throw outOfTime;
        }
    }

    private static boolean hasShellCommand(Decision decision) {
        return decision.rule() != null && decision.rule().shellCommand() != null;
    }

    private Deadline deadline(Destination destination, int timeout) {
        if (timeout > 0) {
            return Deadline.afterMillis(timeout);
        }
        if (settings.isPmcdPort(destination.port())) {
            return Deadline.afterMillis(Math.max(1, settings.pmcdConnectTimeout().toMillis()));
        }
        return Deadline.afterMillis(connectBoundMillis, BOUND_ORIGIN);
    }

    /**
     * The exception for a deny or no-rule decision, after closing what the application was
     * connecting, as a failed connect does (a channel always, a socket on recent JDKs).
     */
    private ConnectException refusal(Destination destination, Decision decision,
            Closeable connecting) {
        try {
            connecting.close();
        } catch (IOException ignored) {
            // the refusal is what the application must see
        }
        if (decision instanceof Decision.Deny deny) {
            return new ConnectException("connect to " + destination.display() + " denied by "
                    + deny.rule().source() + ":" + deny.rule().line());
        }
        return new ConnectException("no rule in " + rules.source() + " matches "
                + destination.display());
    }

    private void announce(Destination destination, Decision decision) {
        if (log.enabled()) {
            log.log("connect " + destination.display() + ": " + decision.explain());
        }
        if (settings.banner() && decision.rule() != null && bannerShown.compareAndSet(false, true)) {
            System.out.println(banner);
        }
    }

    /**
     * Lets connects to the placeholders of names only a sockd resolves go by those names
     * (SPEC §3). Called once, before the router is installed into the bridge, which publishes
     * it to every thread.
     */
    public void routePlaceholders(FarSideNames farSideNames) {
        this.names = farSideNames;
    }

    /** {@link #destinationOf}, with a placeholder taken back to its name. */
    private Destination destination(InetSocketAddress target) {
        Destination given = destinationOf(target);
        return names == null ? given : names.destinationOf(target, given);
    }

    /** See {@link FarSideNames#unroutable}. */
    private UnknownHostException unroutable(InetSocketAddress target, Destination destination,
            Decision decision) {
        return names == null ? null : names.unroutable(target, destination, decision);
    }

    /** {@code failure}, after closing what the application was connecting. */
    private static UnknownHostException closing(Closeable connecting,
            UnknownHostException failure) {
        try {
            connecting.close();
        } catch (IOException ignored) {
            // the failure is what the application must see
        }
        return failure;
    }

    /**
     * The destination as the application gave it: the host name it used (if any) for
     * {@code .domain} rules and SOCKS4a, and the address it resolved to. An unresolved
     * address did not resolve locally and is not looked up again, unless its host string is
     * an address literal ({@code createUnresolved("10.2.0.7", 80)}): that is the address.
     */
    static Destination destinationOf(InetSocketAddress target) {
        InetAddress address = target.getAddress();
        if (address == null) {
            InetAddress literal = AddressLiterals.parse(target.getHostString());
            return literal != null ? new Destination(null, literal, target.getPort())
                    : new Destination(target.getHostString(), null, target.getPort());
        }
        boolean nameGiven = !address.toString().startsWith("/");
        return new Destination(nameGiven ? target.getHostString() : null, address,
                target.getPort());
    }

    /**
     * {@code -DsocksProxyHost} or a ProxySelector of the application's that picks a proxy for
     * this destination: the JDK will use that proxy, and pmsocks stays out of its way.
     */
    private static boolean systemProxyCovers(InetSocketAddress target) {
        String socksHost = System.getProperty("socksProxyHost");
        if (socksHost != null && !socksHost.isEmpty()) {
            return true;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null || (selector.getClass().getName().equals("sun.net.spi.DefaultProxySelector")
                && !Boolean.getBoolean("java.net.useSystemProxies"))) {
            return false;
        }
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            List<Proxy> proxies = selector.select(
                    new URI("socket", null, target.getHostString(), target.getPort(), null, null, null));
            return proxies != null && proxies.stream().anyMatch(p -> p.type() != Proxy.Type.DIRECT);
        } catch (Exception unusable) {
            return false;
        }
    }

    private void reportBugOnce(Throwable bug) {
        if (bugReported.compareAndSet(false, true)) {
            System.err.println(DebugLog.PREFIX + "internal error, connecting directly instead: " + bug);
        }
    }

    private static String display(InetSocketAddress target) {
        String host = target.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
    }
}
