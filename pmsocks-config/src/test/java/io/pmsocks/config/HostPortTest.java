package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one {@code host[:port]} parser of the configuration, the variables and the launcher. */
class HostPortTest {

    @ParameterizedTest
    @CsvSource({"1,1", "1080,1080", "65535,65535", "01080,1080", "0,-1", "65536,-1",
        "'',-1", "+80,-1", "' 80',-1", "'80 ',-1", "1e3,-1", "999999,-1"})
    void portsAreOneTo65535InAsciiDigits(String text, int port) {
        assertEquals(port, HostPort.parsePort(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0668\u0660", "\uff18\uff10", "\u09ec\u09ea", "\u0968\u0968"})
    void theDigitsOfOtherScriptsAreNoPort(String text) {
        assertEquals(-1, HostPort.parsePort(text));
        assertThrows(AddressSyntaxException.class, () -> HostPort.parse("fw:" + text, 1, false));
    }

    @Test
    void aBareIpv6AddressIsAHostOnlyWhereAllowed() throws AddressSyntaxException {
        assertEquals(new HostPort("2001:db8::1", 44321),
                HostPort.parse("2001:db8::1", 44321, true));
        AddressSyntaxException thrown = assertThrows(AddressSyntaxException.class,
                () -> HostPort.parse("2001:db8::1", 44321, false));
        assertEquals("'2001:db8::1': an IPv6 address needs brackets, as in [2001:db8::1]:1080",
                thrown.getMessage());
        assertEquals(new HostPort("::1", 80), HostPort.parse("[::1]:80", 44321, false));
    }

    @Test
    void withoutADefaultTheAbsentPortIsZero() throws AddressSyntaxException {
        assertEquals(new HostPort("fw", 0), HostPort.parse("fw", 0, false));
        assertEquals("bad port '0' for 'fw': expected a number from 1 to 65535",
                assertThrows(AddressSyntaxException.class,
                        () -> HostPort.parse("fw:0", 0, false)).getMessage());
    }

    @Test
    void ipv6HexDigitsAreAsciiOnly() {
        assertNull(HostPort.literalAddress("\uff12001:db8::1"));
        assertNull(HostPort.literalAddress("2001:db8::\u0661"));
        assertFalse(HostPort.isLiteral("fe80::\uff41"));
        assertTrue(HostPort.isLiteral("fe80::A"));
    }

    @Test
    void literalsAreReadWithoutDnsAndNamesAreNotLiterals() {
        assertEquals("/192.0.2.1", HostPort.literalAddress("192.0.2.1").toString());
        assertEquals("/2001:db8:0:0:0:0:0:1", HostPort.literalAddress("2001:db8::1").toString());
        assertNull(HostPort.literalAddress("fw.example"));
        assertNull(HostPort.literalAddress("300.1.1.1"));
        assertFalse(HostPort.isLiteral("10.2.0"));
    }

    @Test
    void theSameHostIgnoresCaseTheFinalDotAndTheSpellingOfLiterals() {
        assertTrue(HostPort.sameHost("FW.example.", "fw.Example"));
        assertTrue(HostPort.sameHost("2001:db8:0::1", "2001:DB8::1"));
        assertFalse(HostPort.sameHost("fw", "fw2"));
        assertFalse(HostPort.sameHost("192.0.2.1", "192.0.2.10"));
    }

    @Test
    void displayBracketsIpv6Only() {
        assertEquals("[::1]:1080", HostPort.display("::1", 1080));
        assertEquals("fw:1080", new HostPort("fw", 1080).toString());
    }
}
