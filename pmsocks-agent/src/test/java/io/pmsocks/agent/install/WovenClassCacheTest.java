package io.pmsocks.agent.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WovenClassCacheTest {

    @TempDir
    Path home;

    private WovenClassCache open() {
        return WovenClassCache.open(Map.of("XDG_CACHE_HOME", home.toString()));
    }

    private Path directory() {
        return home.resolve("pmsocks/woven-classes");
    }

    @Test
    void storedBytesComeBackFromAPrivateDirectory() throws Exception {
        WovenClassCache cache = open();
        assertNotNull(cache);
        cache.store("k1", new byte[] {1, 2, 3});

        assertArrayEquals(new byte[] {1, 2, 3}, open().load("k1"));
        assertNull(open().load("k2"));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory())));
    }

    @Test
    void groupWritableDirectoryIsNotTrusted() throws Exception {
        open().store("k1", new byte[] {1});
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxrwx---"));

        assertNull(open());
    }

    @Test
    void fileWritableByOthersIsNotTrusted() throws Exception {
        open().store("k1", new byte[] {1});
        Files.setPosixFilePermissions(directory().resolve("k1.class"),
                PosixFilePermissions.fromString("rw-rw-rw-"));

        assertNull(open().load("k1"));
    }

    @Test
    void symbolicLinkIsNotFollowed() throws Exception {
        open().store("real", new byte[] {7});
        Files.createSymbolicLink(directory().resolve("k1.class"), directory().resolve("real.class"));

        assertNull(open().load("k1"));
    }

    @Test
    void keyChangesWithTheOriginalBytesAndTheAgentBuild() {
        String key = WovenClassCache.key("java.net.Socket", new byte[] {1, 2}, "1.0/10/5");

        assertNotEquals(key, WovenClassCache.key("java.net.Socket", new byte[] {1, 3}, "1.0/10/5"));
        assertNotEquals(key, WovenClassCache.key("java.net.Socket", new byte[] {1, 2}, "1.0/10/6"));
        assertEquals(key, WovenClassCache.key("java.net.Socket", new byte[] {1, 2}, "1.0/10/5"));
    }

    private static void assertEquals(Object expected, Object actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
    }
}
