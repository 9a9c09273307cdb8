package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code *=} lists are compared with the effective user's name, not user.name (SPEC §2). */
class EffectiveUserTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theEffectiveUidIsTheOneLookedUpNotTheReal() throws IOException {
        Path status = file("status", "Name:\tjava\nUmask:\t0022\nUid:\t1000\t0\t0\t0\n"
                + "Gid:\t1000\t1000\t1000\t1000\n");
        Path passwd = file("passwd", "alice:x:1000:1000::/home/alice:/bin/sh\n"
                + "root:x:0:0:root:/root:/bin/bash\n");
        assertEquals("root", EffectiveUser.find(status.toString(), passwd.toString(), "alice"));
    }

    @Test
    void aUidWithoutPasswdLineOrUnreadableFilesFallBackToUserName() throws IOException {
        Path status = file("status", "Uid:\t4242\t4242\t4242\t4242\n");
        Path passwd = file("passwd", "# comment\nbroken line\nbob:x:12:12::/:/bin/sh\n");
        assertEquals("fallback", EffectiveUser.find(status.toString(), passwd.toString(),
                "fallback"));
        assertEquals("fallback", EffectiveUser.find(dir.resolve("none").toString(),
                passwd.toString(), "fallback"));
        assertEquals("fallback", EffectiveUser.find(file("empty", "").toString(),
                passwd.toString(), "fallback"));
    }

    @Test
    void thisJvmsEffectiveUserIsWhatIdSaysEvenWhenUserNameSaysOtherwise() throws Exception {
        Process id = new ProcessBuilder("id", "-un").redirectErrorStream(true).start();
        String expected = new String(id.getInputStream().readAllBytes()).trim();
        assertEquals(0, id.waitFor());
        assertEquals(expected, EffectiveUser.find("/proc/self/status", "/etc/passwd",
                "someone-else"));
    }
}
