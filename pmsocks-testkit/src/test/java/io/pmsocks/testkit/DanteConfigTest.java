package io.pmsocks.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DanteConfigTest {

    @Test
    void blockingConfigRendersTheBlockBeforeThePass() {
        String conf = DanteConfig.firewall(1081).blocking("10.231.2.2").withConnectTimeout(Duration.ofSeconds(3))
                .render(Path.of("/tmp/x/danted.log"), "nobody");
        assertEquals("""
                # written by pmsocks-testkit
                logoutput: /tmp/x/danted.log
                internal: 10.231.1.1 port = 1081
                external: 10.231.2.1
                %sclientmethod: none
                socksmethod: none
                user.privileged: root
                user.unprivileged: nobody
                timeout.connect: 3
                client pass {
                    from: 0/0 to: 0/0
                    log: connect disconnect error
                }
                socks block {
                    from: 0/0 to: 10.231.2.2/32
                    log: connect disconnect error
                }
                socks pass {
                    from: 0/0 to: 0/0
                    log: connect disconnect error
                }
                """.formatted(Topology.hasIpv6() ? "external: fd00:231:2::1\n" : ""), conf);
    }

    @Test
    void portRulesAndDebugLoggingAreRendered() {
        String conf = DanteConfig.firewall(1080)
                .withRules(DanteRule.block("10.231.2.0/24", 22), DanteRule.passAll())
                .withSocks4UserIdsLogged().withDataTransfersLogged()
                .render(Path.of("/l"), "root");
        assertTrue(conf.contains("debug: 1\n"));
        assertTrue(conf.contains("    from: 0/0 to: 10.231.2.0/24 port = 22\n"));
        assertTrue(conf.contains("    log: connect disconnect error iooperation\n"));
    }

    @Test
    void socks5MethodsAreRenderedInTheirOrderOfPreference() {
        String usernameOnly = DanteConfig.firewall(1080).withSocksMethods(DanteConfig.SocksMethod.USERNAME)
                .render(Path.of("/l"), "nobody");
        String both = DanteConfig.firewall(1080)
                .withSocksMethods(DanteConfig.SocksMethod.USERNAME, DanteConfig.SocksMethod.NONE)
                .render(Path.of("/l"), "nobody");

        assertTrue(usernameOnly.contains("\nsocksmethod: username\n"), usernameOnly);
        assertTrue(both.contains("\nsocksmethod: username none\n"), both);
        assertTrue(both.contains("\nclientmethod: none\n"), both);
    }

    @Test
    void ipv6DestinationsAreRulesOfTheirOwn() {
        assertEquals(new DanteRule(DanteRule.Verdict.BLOCK, "fd00:231:2::3/128", java.util.OptionalInt.empty()),
                DanteRule.block("fd00:231:2::3"));
        assertThrows(IllegalArgumentException.class, () -> DanteRule.block("fd00:231:2::3/129"));
        assertThrows(IllegalArgumentException.class, () -> DanteRule.pass("fd00:231:2::zz/64"));
    }

    @Test
    void addressesOutsideTheTestRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DanteConfig.firewall(1080).listeningOn("192.168.0.1", 1080));
        assertThrows(IllegalArgumentException.class, () -> DanteRule.block("10.231.2.2/33"));
        assertThrows(IllegalArgumentException.class,
                () -> DanteConfig.firewall(1080).withConnectTimeout(Duration.ofMillis(1500)));
    }
}
