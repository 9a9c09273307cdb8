package io.pmsocks.agent.runtime;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.RuleSet;
import io.pmsocks.config.Settings;
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
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides every connect the woven JDK methods hand over, and carries the decision out: let it
 * through, refuse it, or make it through sockd.
 */
public final class ConnectRouter {

    private final RuleSet rules;
    private final Settings settings;
    private final DebugLog log;
    private final String user;
    private final SocketInternals socketInternals;
    private final SocketSockdRoute socketRoute;
    private final ShellCommandRunner shellCommands;
    private final String banner;
    private final AtomicBoolean bannerShown = new AtomicBoolean();
    private final AtomicBoolean bugReported = new AtomicBoolean();

    private ConnectRouter(RuleSet rules, Settings settings, DebugLog log, String user,
            SocketInternals socketInternals, String banner) {
        this.rules = rules;
        this.settings = settings;
        this.log = log;
        this.user = user;
        this.socketInternals = socketInternals;
        this.socketRoute = new SocketSockdRoute(socketInternals,
                new ServerResolver(settings.nameServer()), log, user);
        this.shellCommands = new ShellCommandRunner(log, user);
        this.banner = banner;
    }

    /**
     * Needs {@code java.net} opened to the agent.
     *
     * @param banner the SOCKS_BANNER line
     */
    public static ConnectRouter create(RuleSet rules, Settings settings, DebugLog log,
            String user, String banner) throws ReflectiveOperationException {
        return new ConnectRouter(rules, settings, log, user, SocketInternals.lookUp(), banner);
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
     * Routes one {@code Socket.connect}.
     *
     * @return whether the connect was made here; {@code false} lets the JDK's own body run
     */
    boolean routeSocket(Socket socket, SocketAddress endpoint, int timeout)
            throws IOException {
        if (AgentWork.isActive() || !(endpoint instanceof InetSocketAddress target)) {
            return false;
        }
        if (socketInternals.hasApplicationProxy(socket) || systemProxyCovers(target)) {
            if (log.enabled()) {
                log.log("connect " + display(target) + ": left alone (the application chose a proxy)");
            }
            return false;
        }
        Destination destination = destinationOf(target);
        Decision decision = rules.decide(destination, user);
        if (decision instanceof Decision.Direct) {
            return connectDirect(socket, target, destination, decision, timeout);
        }
        announce(destination, decision);
        shellCommands.runFor(decision.rule(), destination);
        if (decision instanceof Decision.Sockd sockd) {
            socketRoute.connect(socket, target, destination, sockd, deadline(destination, timeout));
            return true;
        }
        throw refusal(destination, decision);
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
            shellCommands.runFor(decision.rule(), destination);
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

    private Deadline deadline(Destination destination, int timeout) {
        if (timeout > 0) {
            return Deadline.afterMillis(timeout);
        }
        if (settings.isPmcdPort(destination.port())) {
            return Deadline.afterMillis(Math.max(1, settings.pmcdConnectTimeout().toMillis()));
        }
        return Deadline.NONE;
    }

    private ConnectException refusal(Destination destination, Decision decision) {
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
     * The destination as the application gave it: the host name it used (if any) for
     * {@code .domain} rules and SOCKS4a, and the address it resolved to. An unresolved
     * address did not resolve locally and is not looked up again.
     */
    static Destination destinationOf(InetSocketAddress target) {
        InetAddress address = target.getAddress();
        if (address == null) {
            return new Destination(target.getHostString(), null, target.getPort());
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
