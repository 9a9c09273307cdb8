package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written literal parsers agree with the JDK on what is a literal. */
class IpLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.2.0.7", "192.168.001.010"})
    void ipv4(String literal) {
        String decimal = literal.replaceAll("(^|\\.)0+(\\d)", "$1$2");
        assertEquals(AddressPattern.toInt(Configs.address(decimal)),
                IpLiterals.parseIpv4(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "256.0.0.0",
        "1.2.3.4.5", "1.2.3.0004", "a.b.c.d", "1.2.3.-4", "1.2.3.4 ", "0x1.2.3.4"})
    void notIpv4(String text) {
        assertNull(IpLiterals.parseIpv4(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::1", "2001:0db8:0000:0000:0000:ff00:0042:8329",
        "fe80::1:2", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:10.1.2.3",
        "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "ABCD:ef01::", "1::2:3"})
    void ipv6(String literal) {
        assertArrayEquals(Configs.address(literal).getAddress().length == 16
                        ? Configs.address(literal).getAddress()
                        : mapped(Configs.address(literal).getAddress()),
                IpLiterals.parseIpv6(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7", "12345::", "g::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "1:", "::1:",
        "::ffff:256.1.1.1", "1.2.3.4", "fw"})
    void notIpv6(String text) {
        assertNull(IpLiterals.parseIpv6(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fw", "fw.example.com", "fw.example.com.", "a-b_c.d1", "1e100.net"})
    void hostNames(String name) {
        assertTrue(IpLiterals.isHostName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", ".a", "a b", "fw!", "[::1]", "a/b", "a:b"})
    void notHostNames(String text) {
        assertFalse(IpLiterals.isHostName(text));
    }

    /** The JDK turns {@code ::ffff:a.b.c.d} into an Inet4Address; put the prefix back. */
    private static byte[] mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }
}
