package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What kind of program a file is, which decides how the Java agent reaches it. */
class ProgramLookupTest {

    @TempDir
    Path directory;

    @Test
    void javaIsKnownByNameByLinkTargetAndAsJavaHomesJava() throws IOException {
        Path javaHome = Files.createDirectories(directory.resolve("jdk/bin"));
        Path java = Files.copy(Path.of("/bin/true"), javaHome.resolve("java"));
        Path link = Files.createSymbolicLink(directory.resolve("java17"), java);
        Path hardLink = Files.createLink(directory.resolve("jvm"), java);
        Map<String, String> variables = Map.of("JAVA_HOME", directory.resolve("jdk").toString());

        assertEquals(Program.Kind.JAVA, ProgramLookup.kindOf(java, Map.of()));
        assertEquals(Program.Kind.JAVA, ProgramLookup.kindOf(link, Map.of()));
        assertEquals(Program.Kind.NATIVE, ProgramLookup.kindOf(hardLink, Map.of()));
        assertEquals(Program.Kind.JAVA, ProgramLookup.kindOf(hardLink, variables));
    }

    @Test
    void elfIsNativeAndEverythingElseIsRunByAnInterpreter() throws IOException {
        assertEquals(Program.Kind.NATIVE,
                ProgramLookup.kindOf(Path.of("/bin/true"), Map.of()));
        Path script = Files.writeString(directory.resolve("s"), "#!/bin/sh\n");
        Path bare = Files.writeString(directory.resolve("b"), "echo no interpreter line\n");
        Path empty = Files.writeString(directory.resolve("e"), "");
        assertEquals(Program.Kind.SCRIPT, ProgramLookup.kindOf(script, Map.of()));
        assertEquals(Program.Kind.SCRIPT, ProgramLookup.kindOf(bare, Map.of()));
        assertEquals(Program.Kind.SCRIPT, ProgramLookup.kindOf(empty, Map.of()));
    }
}
