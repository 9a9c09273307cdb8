package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerResolverTest {

    private static final long SECOND = 1_000_000_000L;

    /** A name service that answers from a map and remembers what it was asked. */
    private static final class CountingLookup implements ServerResolver.Lookup {
        final Map<String, String> names;
        final List<String> asked = new ArrayList<>();

        CountingLookup(Map<String, String> names) {
            this.names = names;
        }

        @Override
        public InetAddress lookUp(String host) throws UnknownHostException {
            asked.add(host);
            String address = names.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress());
        }
    }

    private long now = 5 * SECOND;
    private final CountingLookup lookup = new CountingLookup(Map.of("fw.example", "10.0.0.1"));
    private final ServerResolver resolver = new ServerResolver(null, lookup, () -> now);

    @Test
    void serverNameIsLookedUpOnceForManyConnects() throws Exception {
        SocksServer server = new SocksServer("fw.example", 1080);

        for (int connect = 0; connect < 5; connect++) {
            assertEquals(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 1080),
                    resolver.resolve(server));
        }

        assertEquals(List.of("fw.example"), lookup.asked);
    }

    @Test
    void serverNameIsLookedUpAgainAfterTheCacheTtl() throws Exception {
        SocksServer server = new SocksServer("fw.example", 1080);

        resolver.resolve(server);
        now += ServerResolver.CACHE_TTL.toNanos() - 1;
        resolver.resolve(server);
        now += 1;
        resolver.resolve(server);

        assertEquals(List.of("fw.example", "fw.example"), lookup.asked);
        assertEquals(30, ServerResolver.CACHE_TTL.toSeconds(), "the documented TTL");
    }

    @Test
    void cacheTimeRunsFromTheAnswerOfASlowLookup() throws Exception {
        SocksServer server = new SocksServer("fw.example", 1080);
        ServerResolver slow = new ServerResolver(null, host -> {
            now += 20 * SECOND; // a name server that answers after JNDI's retries
            return lookup.lookUp(host);
        }, () -> now);

        slow.resolve(server);
        now += ServerResolver.CACHE_TTL.toNanos() - 1;
        slow.resolve(server);

        assertEquals(List.of("fw.example"), lookup.asked);
    }

    @Test
    void unresolvableNameIsAConnectErrorNamingItAndIsRetriedAfterTheNegativeTtl() {
        SocksServer server = new SocksServer("nowhere.example", 1080);

        ConnectException first = assertThrows(ConnectException.class,
                () -> resolver.resolve(server));
        ConnectException cached = assertThrows(ConnectException.class,
                () -> resolver.resolve(server));
        now += ServerResolver.NEGATIVE_CACHE_TTL.toNanos();
        assertThrows(ConnectException.class, () -> resolver.resolve(server));

        assertEquals("sockd nowhere.example:1080: cannot resolve host name 'nowhere.example'",
                first.getMessage());
        assertEquals(first.getMessage(), cached.getMessage());
        assertEquals(List.of("nowhere.example", "nowhere.example"), lookup.asked);
    }

    @Test
    void ipLiteralServersAreNeverLookedUp() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("10.231.1.1"), 1080),
                resolver.resolve(new SocksServer("10.231.1.1", 1080)));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 1081),
                resolver.resolve(new SocksServer("2001:db8::1", 1081)));
        now += 3600 * SECOND;
        resolver.resolve(new SocksServer("10.231.1.1", 1080));

        assertEquals(List.of(), lookup.asked);
    }

    @Test
    void textsThatOnlyLookLikeLiteralsAreNames() {
        // non-ASCII digits, a fifth part, a part over 255: names for the name service
        for (String name : List.of("\u0661\u0660.0.0.1", "10.0.0.1.5", "10.0.0.256", "10.0.0",
                "fw:1080x", "")) {
            assertNull(ServerResolver.IpLiteral.parse(name), name);
        }
    }

    @Test
    void unresolvableNameWithSocksNsNamesTheNameServer() {
        ServerResolver withNs = new ServerResolver("10.9.9.9", lookup, () -> now);

        ConnectException failure = assertThrows(ConnectException.class,
                () -> withNs.resolve(new SocksServer("nowhere.example", 1080)));

        assertEquals("sockd nowhere.example:1080: cannot resolve host name 'nowhere.example'"
                + " with SOCKS_NS 10.9.9.9", failure.getMessage());
    }
}
