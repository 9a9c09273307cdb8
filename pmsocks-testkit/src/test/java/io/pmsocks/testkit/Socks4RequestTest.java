package io.pmsocks.testkit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Socks4RequestTest {

    @Test
    void readsASocks4Connect() throws IOException {
        byte[] bytes = {4, 1, (byte) 0xAD, 0x31, 10, (byte) 231, 2, 2, 'r', 'o', 'o', 't', 0, 'x'};
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Socks4Request request = Socks4Request.read(in);
        assertEquals(new Socks4Request(4, 1, 44337, "10.231.2.2", "root", Optional.empty()), request);
        assertEquals('x', in.read(), "nothing after the user id's NUL is consumed");
    }

    @Test
    void readsTheHostNameOfASocks4aConnect() throws IOException {
        byte[] bytes = {4, 1, 0x1F, (byte) 0x90, 0, 0, 0, 1, 'u', 0, 'p', 'm', 'c', 'd', 0};
        Socks4Request request = Socks4Request.read(new ByteArrayInputStream(bytes));
        assertEquals(Optional.of("pmcd"), request.hostName());
        assertTrue(request.isSocks4a());
        assertEquals(8080, request.port());
    }

    @Test
    void truncatedRequestsSayWhereTheyEnded() {
        EOFException head = assertThrows(EOFException.class,
                () -> Socks4Request.read(new ByteArrayInputStream(new byte[] {4, 1, 0})));
        assertEquals("request ended after 3 of its first 8 bytes", head.getMessage());
        EOFException user = assertThrows(EOFException.class,
                () -> Socks4Request.read(new ByteArrayInputStream(new byte[] {4, 1, 0, 80, 10, 0, 0, 1, 'a'})));
        assertEquals("request ended inside the user id after 1 bytes", user.getMessage());
    }

    @Test
    void lineFormRoundTripsAwkwardValues() {
        Socks4Request request = new Socks4Request(4, 1, 4321, "0.0.0.1", "an odd=user%", Optional.of("höst.test"));
        String line = request.toLine();
        assertEquals("request vn=4 cd=1 port=4321 ip=0.0.0.1 user=an%20odd%3Duser%25 host=h%C3%B6st.test", line);
        assertEquals(request, Socks4Request.parseLine(line));
    }
}
