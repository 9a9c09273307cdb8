package io.pmsocks.agent.runtime;

import io.pmsocks.config.HostPort;
import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Resolves sockd names when they are used, never at load (SPEC §2): with the local resolver,
 * or, when SOCKS_NS names a name server, by asking that server directly. A server's address is
 * kept for {@link #CACHE_TTL} (a name that did not resolve, for {@link #NEGATIVE_CACHE_TTL}),
 * so that connects do not look it up each time, and an event loop's connect does not wait for
 * a name server; an IP literal is never looked up at all.
 *
 * <p>No lock is held while a name is looked up (a lookup can take seconds, and a monitor held
 * across it would pin a virtual thread's carrier): two connects that find the entry missing at
 * the same moment may both look it up, and the later answer stays.
 */
final class ServerResolver {

    /** How long a resolved server address is used: the JDK's networkaddress.cache.ttl. */
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    /** How long a name that did not resolve stays an error: networkaddress.cache.negative.ttl. */
    static final Duration NEGATIVE_CACHE_TTL = Duration.ofSeconds(10);

    /** Looks up one host name. */
    interface Lookup {
        InetAddress lookUp(String host) throws UnknownHostException;
    }

    /**
     * One server's address, or the message of its failure, until {@code expiresAt}
     * ({@link System#nanoTime()}); {@code permanent} for an IP literal.
     */
    private record Entry(InetSocketAddress address, String failure, long expiresAt,
            boolean permanent) {

        boolean isFresh(long now) {
            return permanent || now - expiresAt < 0;
        }
    }

    private final String nameServer;
    /**
     * {@code null}: the JVM's resolver, or SOCKS_NS's name server. This resolver is made at
     * start-up, so it names no other class of the agent's until a name is looked up.
     */
    private final Lookup lookup;
    /** SOCKS_NS's, made at the first lookup (JNDI is loaded only then). */
    private final AtomicReference<NameServerLookup> nameServerLookup = new AtomicReference<>();
    /** {@code null}: {@link System#nanoTime()}. */
    private final LongSupplier clock;
    private final ConcurrentHashMap<SocksServer, Entry> cache = new ConcurrentHashMap<>();

    /** @param nameServer SOCKS_NS, or {@code null} for the local resolver */
    ServerResolver(String nameServer) {
        this(nameServer, null, null);
    }

    /**
     * @param nameServer SOCKS_NS, or {@code null}
     * @param lookup how names are looked up in place of the JVM's resolver or SOCKS_NS;
     *     {@code null} for those
     * @param clock nanoseconds as {@link System#nanoTime()} counts them; {@code null} for that
     */
    ServerResolver(String nameServer, Lookup lookup, LongSupplier clock) {
        this.nameServer = nameServer;
        this.lookup = lookup;
        this.clock = clock;
    }

    /** @throws ConnectException naming the server when its name does not resolve */
    InetSocketAddress resolve(SocksServer server) throws ConnectException {
        Entry entry = cache.get(server);
        if (entry == null || !entry.isFresh(now())) {
            entry = lookUp(server);
            cache.put(server, entry);
        }
        if (entry.address() == null) {
            throw new ConnectException(entry.failure());
        }
        return entry.address();
    }

    /** The entry's time runs from the answer: a lookup can take seconds (JNDI's retries). */
    private Entry lookUp(SocksServer server) {
        InetAddress literal = IpLiteral.parse(server.host());
        if (literal != null) {
            return new Entry(new InetSocketAddress(literal, server.port()), null, 0, true);
        }
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            InetAddress address = lookUpName(server.host());
            return new Entry(new InetSocketAddress(address, server.port()), null,
                    now() + CACHE_TTL.toNanos(), false);
        } catch (UnknownHostException e) {
            return new Entry(null, "sockd " + server + ": cannot resolve host name '"
                    + server.host() + "'" + (nameServer == null ? "" : " with SOCKS_NS "
                    + nameServer), now() + NEGATIVE_CACHE_TTL.toNanos(), false);
        }
    }

    private InetAddress lookUpName(String host) throws UnknownHostException {
        if (lookup != null) {
            return lookup.lookUp(host);
        }
        if (nameServer == null) {
            return InetAddress.getByName(host);
        }
        NameServerLookup viaNameServer = nameServerLookup.get();
        if (viaNameServer == null) {
            nameServerLookup.compareAndSet(null, new NameServerLookup(nameServer));
            viaNameServer = nameServerLookup.get();
        }
        return viaNameServer.lookUp(host);
    }

    private long now() {
        return clock == null ? System.nanoTime() : clock.getAsLong();
    }

    /**
     * IP literals as the configuration writes them, parsed without asking any resolver:
     * {@code InetAddress.getByName} sends what it does not take for a literal to the name
     * service, and would accept non-ASCII digits. The configuration's own parser
     * ({@link HostPort}) decides, so that a server entry and its resolution agree.
     */
    static final class IpLiteral {

        private IpLiteral() {
        }

        /** @return the address, or {@code null} when {@code host} is a name */
        static InetAddress parse(String host) {
            String bare = host.startsWith("[") && host.endsWith("]")
                    ? host.substring(1, host.length() - 1) : host;
            return HostPort.literalAddress(bare);
        }
    }
}
