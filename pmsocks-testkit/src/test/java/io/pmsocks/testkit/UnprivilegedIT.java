package io.pmsocks.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM run by {@link Unprivileged} is {@value Unprivileged#USER}, who cannot read what root can. */
class UnprivilegedIT {

    @TempDir
    Path dir;

    @Test
    void theChildIsNobodyAndCannotReadAFileOnlyItsOwnerMay() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "only root\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        ChildJvm reader = ChildJvm.forMainClass(ReadFileMain.class).withArguments(secret.toString());
        if (!Unprivileged.isRoot()) {
            assertThrows(IllegalStateException.class, () -> Unprivileged.run(reader, Duration.ofSeconds(60)),
                    "only root can change user");
            return;
        }
        Unprivileged.allowTraversal(dir);

        CommandResult asNobody = Unprivileged.run(reader, Duration.ofSeconds(60));
        CommandResult asRoot;
        try (LocalHost host = LocalHost.create()) {
            asRoot = reader.runIn(host, Duration.ofSeconds(60));
        }

        assertEquals(List.of("user nobody", "exception java.nio.file.AccessDeniedException"),
                asNobody.stdoutLines(), asNobody.describe("as nobody"));
        assertEquals(List.of("user root", "read 10 bytes"), asRoot.stdoutLines(), asRoot.describe("as root"));
    }
}
