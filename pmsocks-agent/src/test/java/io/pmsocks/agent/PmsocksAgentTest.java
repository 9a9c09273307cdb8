package io.pmsocks.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The agent's entry class, which a JVM older than 17 must be able to load so that it can refuse
 * to run the program unrouted. (No JVM older than 17 is installed where the tests run: the class
 * file's version is checked, and the decision tested on its own.)
 */
class PmsocksAgentTest {

    @Test
    void theEntryClassIsAJava8ClassFile() throws IOException {
        try (InputStream in = PmsocksAgent.class.getResourceAsStream("PmsocksAgent.class")) {
            DataInputStream data = new DataInputStream(in);
            assertEquals(0xCAFEBABE, data.readInt());
            data.readUnsignedShort();
            assertEquals(52, data.readUnsignedShort(), "major version of Java 8");
        }
    }

    @Test
    void jvmsOlderThan17AreRefusedNamingTheirVersionAndHome() {
        String home = System.getProperty("java.home");
        assertEquals("this JVM is Java 1.8 (" + home + "), and the pmsocks Java agent needs Java"
                + " 17 or newer", PmsocksAgent.tooOld("1.8"));
        assertEquals("this JVM is Java 11 (" + home + "), and the pmsocks Java agent needs Java"
                + " 17 or newer", PmsocksAgent.tooOld("11"));
        assertEquals("this JVM is Java 16 (" + home + "), and the pmsocks Java agent needs Java"
                + " 17 or newer", PmsocksAgent.tooOld("16"));
        assertNull(PmsocksAgent.tooOld("17"));
        assertNull(PmsocksAgent.tooOld("25"));
        assertNull(PmsocksAgent.tooOld(null));
        assertNull(PmsocksAgent.tooOld("x"));
    }
}
