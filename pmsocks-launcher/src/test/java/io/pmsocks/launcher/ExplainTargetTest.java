package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmsocks.config.Destination;
import io.pmsocks.config.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExplainTargetTest {

    /** Records what it was asked; knows one name. */
    private final List<String> asked = new ArrayList<>();
    private final HostResolver resolver = new HostResolver() {
        @Override
        public List<InetAddress> resolve(String name) throws UnknownHostException {
            asked.add(name);
            if (name.equals("pmcd.example")) {
                return List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("2001:db8::7"));
            }
            throw new UnknownHostException(name);
        }

        @Override
        public String localHostName() {
            return "testhost";
        }
    };

    @ParameterizedTest
    @CsvSource({
        "10.2.0.7,           10.2.0.7,     44321, 10.2.0.7:44321",
        "10.2.0.7:22,        10.2.0.7,     22,    10.2.0.7:22",
        "pmcd.example:4321,  pmcd.example, 4321,  pmcd.example:4321",
        "PMCD.example,       PMCD.example, 44321, PMCD.example:44321",
        "[::1]:80,           ::1,          80,    [::1]:80",
        "[::1],              ::1,          44321, [::1]:44321",
        "2001:db8::1,        2001:db8::1,  44321, [2001:db8::1]:44321",
        "10.2.0.7:65535,     10.2.0.7,     65535, 10.2.0.7:65535",
    })
    void parsesHostAndPort(String text, String host, int port, String display) {
        ExplainTarget target = ExplainTarget.parse(text);
        assertEquals(new ExplainTarget(host, port), target);
        assertEquals(display, target.display());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":80", "host:", "host:0", "host:65536", "host:http", "host:-1",
        "[::1", "[::1]80", "[::1]:", "[db.example]:80", "[]:80", "300.1.1.1", "10.2.0",
        "10.2.0.7.1", "1:2:zz::g", "10.2.0.7:22:1x", "db:\uff18\uff10", "fw!:80"})
    void rejectsWhatIsNotHostAndPort(String text) {
        assertThrows(IllegalArgumentException.class, () -> ExplainTarget.parse(text));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertEquals("'300.1.1.1' is not an IPv4 address: write four numbers from 0 to 255"
                        + " separated by dots",
                assertThrows(IllegalArgumentException.class,
                        () -> ExplainTarget.parse("300.1.1.1")).getMessage());
        assertEquals("bad port 'http' for 'db': expected a number from 1 to 65535 (default"
                        + " 44321)",
                assertThrows(IllegalArgumentException.class,
                        () -> ExplainTarget.parse("db:http")).getMessage());
        // the digits of other scripts are no port (Character.isDigit took them)
        assertEquals("bad port '\u0664\u0664\u0663\u0662\u0661' for 'db': expected a number"
                        + " from 1 to 65535 (default 44321)",
                assertThrows(IllegalArgumentException.class,
                        () -> ExplainTarget.parse("db:\u0664\u0664\u0663\u0662\u0661"))
                        .getMessage());
    }

    @Test
    void anAddressLiteralIsNotResolved() throws UnknownHostException {
        Destination destination = ExplainTarget.parse("[2001:db8::1]:80").destination(resolver);
        assertEquals(Destination.of(InetAddress.getByName("2001:db8::1"), 80), destination);
        assertEquals(Destination.of(InetAddress.getByName("10.2.0.7"), 44321),
                ExplainTarget.parse("10.2.0.7").destination(resolver));
        assertEquals(List.of(), asked);
    }

    @Test
    void anIpv4MappedAddressIsIpv4() throws UnknownHostException {
        assertEquals(InetAddress.getByName("10.2.0.7"),
                ExplainTarget.parse("[::ffff:10.2.0.7]:22").destination(resolver).address());
    }

    @Test
    void aNameResolvesToItsFirstAddressAndKeepsTheName() throws UnknownHostException {
        Destination destination = ExplainTarget.parse("pmcd.example").destination(resolver);
        assertEquals(new Destination("pmcd.example", InetAddress.getByName("192.0.2.7"), 44321),
                destination);
        assertEquals(List.of("pmcd.example"), asked);
    }

    @Test
    void aNameThatDoesNotResolveKeepsOnlyTheName() {
        Destination destination = ExplainTarget.parse("nowhere.example:80").destination(resolver);
        assertEquals("nowhere.example", destination.hostName());
        assertNull(destination.address());
    }
}
