package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service names from a file in the /etc/services format. */
class ServiceNamesTest {

    private static final String SERVICES = "# Network services, Internet style\n"
            + "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n"
            + "http  80/tcp  www www-http   # WorldWideWeb HTTP\n"
            + "http  80/udp\n"
            + "syslog 514/udp\n"
            + "pmcd 44321/TCP pcp\n"
            + "pmcd 4321/tcp\n"
            + "broken\n"
            + "noport x/tcp\n"
            + "toobig 70000/tcp\n"
            + "#commented 9/tcp\n"
            + "daytime 13/tcp # alias-in-comment\n";

    @TempDir
    Path dir;

    @Test
    void namesAndAliasesOfTcpEntries() throws Exception {
        ServiceNames names = ServiceNames.fromFile(
                Files.writeString(dir.resolve("services"), SERVICES));
        assertEquals(OptionalInt.of(22), names.tcpPort("ssh"));
        assertEquals(OptionalInt.of(80), names.tcpPort("http"));
        assertEquals(OptionalInt.of(80), names.tcpPort("www"));
        assertEquals(OptionalInt.of(80), names.tcpPort("www-http"));
        assertEquals(OptionalInt.of(13), names.tcpPort("daytime"));
        assertEquals(OptionalInt.of(44321), names.tcpPort("pcp"));
        assertEquals(dir.resolve("services").toString(), names.origin());
    }

    @Test
    void theFirstTcpEntryForANameWins() throws Exception {
        ServiceNames names = ServiceNames.fromFile(
                Files.writeString(dir.resolve("services"), SERVICES));
        assertEquals(OptionalInt.of(44321), names.tcpPort("pmcd"));
    }

    @Test
    void theOfficialNameOfAPortForPercentS() throws Exception {
        ServiceNames names = ServiceNames.fromFile(
                Files.writeString(dir.resolve("services"), SERVICES));
        assertEquals(Optional.of("http"), names.tcpName(80));
        assertEquals(Optional.of("pmcd"), names.tcpName(44321));
        assertEquals(Optional.of("pmcd"), names.tcpName(4321));
        assertEquals(Optional.empty(), names.tcpName(514));
        assertEquals(Optional.empty(), names.tcpName(1080));
    }

    @Test
    void udpOnlyMalformedAndCommentedEntriesAreUnknown() throws Exception {
        ServiceNames names = ServiceNames.fromFile(
                Files.writeString(dir.resolve("services"), SERVICES));
        for (String unknown : new String[] {"syslog", "broken", "noport", "toobig", "commented",
            "alias-in-comment", "HTTP", "tcp", "80"}) {
            assertEquals(OptionalInt.empty(), names.tcpPort(unknown), unknown);
        }
    }

    @Test
    void anUnreadableFileKnowsNoNames() {
        ServiceNames names = ServiceNames.fromFile(dir.resolve("missing"));
        assertEquals(OptionalInt.empty(), names.tcpPort("ssh"));
        assertEquals(OptionalInt.empty(), ServiceNames.fromFile(dir).tcpPort("ssh"));
    }

    @Test
    void theSystemTableIsEtcServices() {
        ServiceNames system = ServiceNames.system();
        assertEquals("/etc/services", system.origin());
        assertEquals(OptionalInt.empty(), system.tcpPort("no-such-service-name-here"));
    }

    @Test
    void theParserUsesTheNamesItIsGiven() throws Exception {
        ServiceNames names = ServiceNames.fromFile(
                Files.writeString(dir.resolve("services"), "pmproxy 44322/tcp\n"));
        ConfigParser parser = new ConfigParser(new FakeResolver(), names);
        ConfigParser.Result result = parser.parse("t.conf", "direct ALL eq pmproxy\n"
                + "direct ALL eq http\n");
        assertEquals(new PortCondition(PortCondition.Operator.EQ, 44322),
                result.rules().get(0).port());
        assertEquals("t.conf:2:15: error: unknown service 'http': no tcp service of that name in "
                        + dir.resolve("services") + "; write the port number",
                result.diagnostics().get(0).toString());
    }
}
