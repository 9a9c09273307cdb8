package io.pmsocks.config;

import static io.pmsocks.config.Configs.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A Dante file gets one error that says what it is, not one "unknown keyword" per line. */
class DanteFormatTest {

    private static final String MESSAGE = "error: this file is in Dante's sockd.conf format"
            + " (or that of Dante's client socks.conf), not the CSTC socks.conf format that"
            + " pmsocks reads: write one rule per line, such as"
            + " 'sockd @=fw:1080 0.0.0.0 0.0.0.0' (see pcp_socks.conf(5))";

    @Test
    void danteServerConfiguration() {
        String sockdConf = "# sockd.conf\n"
                + "logoutput: syslog\n"
                + "internal: eth0 port = 1080\n"
                + "external: eth1\n"
                + "user.privileged: root\n"
                + "socksmethod: none\n"
                + "client pass {\n"
                + "        from: 0.0.0.0/0 to: 0.0.0.0/0\n"
                + "        log: error connect disconnect\n"
                + "}\n"
                + "socks pass {\n"
                + "        from: 0.0.0.0/0 to: 0.0.0.0/0\n"
                + "        command: bind connect udpassociate\n"
                + "}\n";
        assertEquals(List.of(Configs.SOURCE + ":2:1: " + MESSAGE), errors(sockdConf));
    }

    @Test
    void danteClientConfigurationWithABraceOnTheNextLine() {
        String socksConf = "\n"
                + "route\n"
                + "{\n"
                + "  from: 0.0.0.0/0   to: 0.0.0.0/0   via: 10.0.0.1 port = 1080\n"
                + "  protocol: tcp udp\n"
                + "  proxyprotocol: socks_v4 socks_v5\n"
                + "  method: none\n"
                + "}\n";
        assertEquals(List.of(Configs.SOURCE + ":2:1: " + MESSAGE), errors(socksConf));
    }

    @Test
    void locatedAtTheFirstDanteLineEvenAfterRules() {
        String mixed = "direct 10.0.0.0 255.0.0.0\n"
                + "    client block {\n"
                + "  weird stuff inside the block\n"
                + "}\n";
        assertEquals(List.of(Configs.SOURCE + ":2:5: " + MESSAGE), errors(mixed));
    }

    @Test
    void cstcErrorsAfterTheDanteBlockAreStillReported() {
        String mixed = "route { from: 0.0.0.0/0 to: 0.0.0.0/0 via: fw port = 1080 }\n"
                + "direct 10.0.0.0 255.0.0.0 eqq 1\n";
        assertEquals(List.of(Configs.SOURCE + ":1:1: " + MESSAGE,
                        Configs.SOURCE + ":2:27: error: unknown operator 'eqq'; expected eq, neq,"
                                + " lt, gt, le or ge"),
                errors(mixed));
    }
}
