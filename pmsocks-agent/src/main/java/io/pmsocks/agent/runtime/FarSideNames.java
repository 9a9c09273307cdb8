package io.pmsocks.agent.runtime;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.LocalNames;
import io.pmsocks.config.PlaceholderRange;
import io.pmsocks.config.RuleSet;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Names only the far side can resolve (SPEC §3, the man page's resolver caveat). The JDK's one
 * call into the local resolver ({@link NameServiceInternals}) hands each lookup here twice:
 *
 * <ul>
 * <li>before the resolver is asked: a name whose first matching line (ports ignored) is a
 *     {@code .domain} rule whose servers all send names ({@link RuleSet#skipsLocalResolver}) is
 *     answered a placeholder at once, so that the inside resolver never sees a far-side name
 *     (split-horizon DNS);
 * <li>after the resolver failed: a name whose first matching line is a {@code sockd} rule with a
 *     server is answered a placeholder instead of the {@code UnknownHostException}.
 * </ul>
 *
 * Everything else (a name that resolves, one that a {@code direct} or {@code deny} line or no
 * line decides, {@code localhost} and this host's own name) is left exactly as the JDK does it.
 * A connect to a placeholder is mapped back to its name by {@link #destinationOf} and decided
 * again with its port; if that decision is not {@code sockd}, {@link #unroutable} is the
 * connect's failure. No placeholder is ever given to the network as an address.
 */
public final class FarSideNames {

    private final DeferredRules rules;
    private final DebugLog log;
    private final String user;
    private final NamePlaceholders placeholders;
    private final NameServiceInternals internals;
    private final AtomicBoolean fullReported = new AtomicBoolean();
    private final AtomicBoolean bugReported = new AtomicBoolean();

    FarSideNames(DeferredRules rules, DebugLog log, String user, NamePlaceholders placeholders,
            NameServiceInternals internals) {
        this.rules = rules;
        this.log = log;
        this.user = user;
        this.placeholders = placeholders;
        this.internals = internals;
    }

    /** Needs {@code java.net} opened to the agent (see {@link NameServiceInternals}). */
    public static FarSideNames create(DeferredRules rules, DebugLog log, String user)
            throws ReflectiveOperationException {
        return new FarSideNames(rules, log, user, new NamePlaceholders(),
                NameServiceInternals.lookUp());
    }

    /**
     * {@code beforeResolver} bound to this object, as {@code java.net.PmsocksBridge} calls it:
     * {@code (String) InetAddress[]}.
     */
    public MethodHandle beforeResolverEntryPoint() throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(FarSideNames.class, "beforeResolver",
                MethodType.methodType(InetAddress[].class, String.class)).bindTo(this);
    }

    /**
     * {@code afterResolverFailed} bound to this object, as {@code java.net.PmsocksBridge} calls
     * it: {@code (String) InetAddress[]}.
     */
    public MethodHandle afterFailureEntryPoint() throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(FarSideNames.class, "afterResolverFailed",
                MethodType.methodType(InetAddress[].class, String.class)).bindTo(this);
    }

    /**
     * Before the local resolver is asked for {@code host}.
     *
     * @return the placeholder, the resolver then not asked; {@code null} to ask it
     */
    InetAddress[] beforeResolver(String host) {
        if (AgentWork.isActive()) {
            return null;
        }
        try {
            if (!rules.hasSockdDomainRules()) {
                return null; // what nearly every lookup pays: one volatile read
            }
            Decision decision = rules.decideName(host, user);
            if (!RuleSet.skipsLocalResolver(decision) || isLocalName(host)) {
                return null;
            }
            return placeholder(host, (Decision.Sockd) decision,
                    " (the local resolver is not asked for this domain)");
        } catch (RuntimeException | LinkageError bug) {
            reportBugOnce(bug);
            return null;
        }
    }

    /**
     * After the local resolver failed for {@code host}.
     *
     * @return the placeholder, in place of the resolver's {@code UnknownHostException};
     *     {@code null} to let that exception stand
     */
    InetAddress[] afterResolverFailed(String host) {
        if (AgentWork.isActive()) {
            return null;
        }
        try {
            Decision decision = rules.decideName(host, user);
            if (!(decision instanceof Decision.Sockd sockd) || sockd.servers().isEmpty()
                    || isLocalName(host)) {
                if (log.enabled()) {
                    log.log(host + ": not resolved here; " + (isLocalName(host)
                            ? "this host's own name is never left to a sockd"
                            : decision.explain() + ", so it is not left to a sockd"));
                }
                return null;
            }
            return placeholder(host, sockd, "");
        } catch (RuntimeException | LinkageError bug) {
            reportBugOnce(bug);
            return null;
        }
    }

    private InetAddress[] placeholder(String host, Decision.Sockd decision, String why) {
        InetAddress placeholder = placeholders.placeholderFor(host);
        if (placeholder == null) {
            if (fullReported.compareAndSet(false, true)) {
                System.err.println(DebugLog.PREFIX + "warning: " + placeholders.size()
                        + " names already have a placeholder address, the most there are; "
                        + host + " and further names that do not resolve here fail as without"
                        + " pmsocks");
            }
            return null;
        }
        if (log.enabled()) {
            log.log(host + ": not resolved here, left to " + decision.explain() + why
                    + "; placeholder " + placeholder.getHostAddress());
        }
        return new InetAddress[] {placeholder};
    }

    /** {@code localhost} and this host's own name are always resolved locally. */
    boolean isLocalName(String host) {
        return LocalNames.isLocal(host, internals.localHostName());
    }

    /**
     * The destination of a connect to {@code target}: when its address is a placeholder, the
     * name it stands for, unresolved, so that only {@code .domain} and mask-{@code 0.0.0.0}
     * rules can match it and a proxy is given the name; otherwise {@code given}. Costs a connect
     * to any other address one comparison.
     */
    public Destination destinationOf(InetSocketAddress target, Destination given) {
        InetAddress address = target.getAddress();
        if (address == null || !PlaceholderRange.contains(address)) {
            return given;
        }
        String name = placeholders.nameOf(address);
        return name == null ? given : new Destination(name, null, target.getPort());
    }

    /**
     * The failure of a connect to {@code target} that must not reach the network, or
     * {@code null}: a placeholder whose connect is not decided {@code sockd} (SPEC §3), or an
     * address of the placeholder range that this JVM never handed out. Either would otherwise
     * send a placeholder to the network as an address.
     *
     * @param destination what {@link #destinationOf} made of it
     */
    public UnknownHostException unroutable(InetSocketAddress target, Destination destination,
            Decision decision) {
        InetAddress address = target.getAddress();
        if (address == null || !PlaceholderRange.contains(address)) {
            return null;
        }
        if (destination.address() != null) {
            return notHandedOut(target);
        }
        return decision instanceof Decision.Sockd ? null : unroutable(destination, decision);
    }

    /**
     * The failure of a connect to a placeholder that its port's decision does not send to a
     * sockd: the name does not resolve here, as without pmsocks, and the message says why it was
     * not left to the far side.
     */
    static UnknownHostException unroutable(Destination destination, Decision decision) {
        return new UnknownHostException(destination.hostName() + ": not resolved here, and "
                + destination.display() + " is decided " + decision.explain()
                + ", so no sockd can resolve it");
    }

    /** An address of the placeholder range that this JVM never handed out. */
    static UnknownHostException notHandedOut(InetSocketAddress target) {
        return new UnknownHostException(target.getAddress().getHostAddress() + " is in "
                + PlaceholderRange.CIDR
                + ", which pmsocks reserves for names only a sockd resolves, but it was not"
                + " handed out in this JVM");
    }

    private void reportBugOnce(Throwable bug) {
        if (bugReported.compareAndSet(false, true)) {
            System.err.println(DebugLog.PREFIX + "internal error, name lookups go on without"
                    + " pmsocks: " + bug);
        }
    }
}
