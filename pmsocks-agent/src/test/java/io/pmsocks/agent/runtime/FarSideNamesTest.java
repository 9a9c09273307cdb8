package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lookup decisions of SPEC §3, "Names only the far side can resolve", without a network. */
class FarSideNamesTest {

    private static final String RULES = "direct .in.example\n"
            + "sockd @=socks5h://fw .split.example\n"
            + "sockd @=socks5://fw .corp.example\n"
            + "deny .corp.example\n"
            + "direct ALL\n";

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();

    private FarSideNames names(String rules) throws ReflectiveOperationException {
        DebugLog log = DebugLog.to(debug);
        return new FarSideNames(new DeferredRules("test.conf", rules, null, log), log, "alice",
                new NamePlaceholders(), NameServiceInternals.lookUp());
    }

    @Test
    void aFailedNameThatASockdRuleCoversGetsAPlaceholderAndItsConnectIsRoutedByName()
            throws Exception {
        FarSideNames names = names(RULES);
        InetAddress[] answer = names.afterResolverFailed("db.corp.example");

        assertEquals(1, answer.length);
        assertEquals("240.0.0.1", answer[0].getHostAddress());
        assertEquals("db.corp.example", answer[0].getHostName());
        assertTrue(debug.toString(StandardCharsets.UTF_8).contains("[pmsocks] db.corp.example:"
                + " not resolved here, left to sockd socks5://fw:1080 (line 3)"));
        InetSocketAddress target = new InetSocketAddress(answer[0], 5432);
        Destination destination = names.destinationOf(target, ConnectRouter.destinationOf(target));
        assertEquals(new Destination("db.corp.example", null, 5432), destination);
        // a connect by the literal address of the placeholder is the same name
        InetSocketAddress literal = new InetSocketAddress(InetAddress.getByName("240.0.0.1"), 5432);
        assertEquals(destination, names.destinationOf(literal, ConnectRouter.destinationOf(literal)));
        Decision.Sockd sockd = (Decision.Sockd) new DeferredRules("t", RULES, null,
                DebugLog.to(debug)).decide(destination, "alice");
        assertNull(names.unroutable(target, destination, sockd));
        assertEquals("db.corp.example: not resolved here, and db.corp.example:5432 is decided"
                + " direct (line 1), so no sockd can resolve it",
                names.unroutable(target, new Destination("db.corp.example", null, 5432),
                        new DeferredRules("t", "direct ALL\n", null, DebugLog.to(debug))
                                .decide(destination, "alice")).getMessage());
    }

    @Test
    void directDenyAndUncoveredNamesKeepTheirFailure() throws Exception {
        FarSideNames names = names(RULES);
        assertNull(names.afterResolverFailed("db.in.example"));
        assertNull(names.afterResolverFailed("elsewhere.test"));
        assertNull(names("deny ALL\n")
                .afterResolverFailed("db.corp.example"));
        assertTrue(debug.toString(StandardCharsets.UTF_8).contains(
                "[pmsocks] db.in.example: not resolved here; direct (line 1), so it is not left"
                + " to a sockd"));
    }

    @Test
    void onlySplitHorizonDomainsAreAnsweredBeforeTheLocalResolver() throws Exception {
        FarSideNames names = names(RULES);
        assertEquals("db.split.example", names.beforeResolver("db.split.example")[0].getHostName());
        assertNull(names.beforeResolver("db.corp.example"), "socks5: the local resolver first");
        assertNull(names.beforeResolver("db.in.example"));
        assertNull(names(RULES.replace(".split.example", "ALL")).beforeResolver("a.test"),
                "a catch-all is no split-horizon domain");
    }

    @Test
    void localhostAndThisHostsNameAreNeverLeftToASockd() throws Exception {
        FarSideNames names = names("sockd @=socks5h://fw .localhost\nsockd @=fw ALL\n");
        String own = NameServiceInternals.lookUp().localHostName();
        assertNull(names.beforeResolver("app.localhost"));
        assertNull(names.afterResolverFailed("localhost"));
        assertNull(names.afterResolverFailed(own));
        assertNull(names.afterResolverFailed(own.toUpperCase(java.util.Locale.ROOT) + "."));
    }

    @Test
    void anAddressOfTheRangeThatWasNeverHandedOutIsNeverConnectedTo() throws Exception {
        FarSideNames names = names(RULES);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("240.0.0.9"), 80);
        Destination destination = names.destinationOf(target, ConnectRouter.destinationOf(target));
        assertEquals("240.0.0.9 is in 240.0.0.0/16, which pmsocks reserves for names only a sockd"
                + " resolves, but it was not handed out in this JVM",
                names.unroutable(target, destination, new Decision.NoRule("t")).getMessage());
        InetSocketAddress other = new InetSocketAddress(InetAddress.getByName("240.1.0.9"), 80);
        assertNull(names.unroutable(other, ConnectRouter.destinationOf(other),
                new Decision.NoRule("t")));
    }

    @Test
    void aConnectThatIsNotSentToASockdFailsNamingTheName() {
        Destination destination = new Destination("db.corp.example", null, 22);
        assertEquals("db.corp.example: not resolved here, and db.corp.example:22 is decided"
                + " deny (no rule), so no sockd can resolve it",
                FarSideNames.unroutable(destination, new Decision.NoRule("test.conf")).getMessage());
    }

    @Test
    void lookupsTheAgentMakesItselfAreLeftAlone() throws Exception {
        FarSideNames names = names(RULES);
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            assertNull(names.afterResolverFailed("db.corp.example"));
            assertNull(names.beforeResolver("db.split.example"));
        }
    }
}
