package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The launcher's entry class, which an older Java runtime must be able to load so that it can
 * say that it is too old. (No runtime older than 17 is installed where the tests run: the class
 * file's version is checked, and the decision tested on its own.)
 */
class MainTest {

    @Test
    void mainIsAJava8ClassFile() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("Main.class")) {
            DataInputStream data = new DataInputStream(in);
            assertEquals(0xCAFEBABE, data.readInt());
            data.readUnsignedShort();
            assertEquals(52, data.readUnsignedShort(), "major version of Java 8");
        }
    }

    @Test
    void runtimesOlderThan17AreTooOld() {
        assertEquals("Java 1.8 is too old for pmsocks, which needs Java 17 or newer",
                Main.tooOld("1.8"));
        assertEquals("Java 11 is too old for pmsocks, which needs Java 17 or newer",
                Main.tooOld("11"));
        assertEquals("Java 16 is too old for pmsocks, which needs Java 17 or newer",
                Main.tooOld("16"));
        assertNull(Main.tooOld("17"));
        assertNull(Main.tooOld("25"));
        assertNull(Main.tooOld(null));
        assertNull(Main.tooOld("unknown"));
    }
}
