package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void jvmLaunchersOtherThanJavaAreKnownByLibjliOrTheJpackageLayout() throws IOException {
        Path jdk = Path.of(System.getProperty("java.home"));
        assertEquals(Program.Kind.JVM_LAUNCHER,
                ProgramLookup.kindOf(jdk.resolve("bin/jshell"), Map.of()));
        assertEquals(Program.Kind.JVM_LAUNCHER,
                ProgramLookup.kindOf(Files.copy(jdk.resolve("bin/java"),
                        directory.resolve("renamed-java")), Map.of()));
        // jpackage's launcher loads libjli from its runtime when it runs: found by its layout
        Path app = Files.createDirectories(directory.resolve("app"));
        Path launcher = Files.copy(Path.of("/bin/true"),
                Files.createDirectories(app.resolve("bin")).resolve("client"));
        assertEquals(Program.Kind.NATIVE, ProgramLookup.kindOf(launcher, Map.of()));
        Files.writeString(Files.createDirectories(app.resolve("lib/app")).resolve("client.cfg"),
                "[Application]\n");
        Files.createDirectories(app.resolve("lib/runtime"));
        assertEquals(Program.Kind.JVM_LAUNCHER, ProgramLookup.kindOf(launcher, Map.of()));
    }

    @Test
    void theRuntimeOfAJavaOrJvmLauncherIsReadFromItsReleaseFile() throws IOException {
        Path jdk = Path.of(System.getProperty("java.home"));
        JavaRuntime runtime = ProgramLookup.runtimeOf(jdk.resolve("bin/jshell"),
                Program.Kind.JVM_LAUNCHER);
        assertEquals(Runtime.version().feature(), runtime.feature());
        assertEquals(null, runtime.problem());
        assertEquals(null, ProgramLookup.runtimeOf(Path.of("/bin/true"), Program.Kind.NATIVE));
    }

    @Test
    void aRuntimeOlderThan17OrWithoutJavaInstrumentIsAProblem() throws IOException {
        Path old = Files.writeString(Files.createDirectories(directory.resolve("jdk8"))
                .resolve("release"), "JAVA_VERSION=\"1.8.0_412\"\nMODULES=\"java.base\"\n")
                .getParent();
        assertEquals(8, JavaRuntime.at(old).feature());
        assertEquals("Java 1.8.0_412 (" + old + "), but the Java agent needs Java 17 or newer",
                JavaRuntime.at(old).problem());
        Path jlinked = Files.writeString(Files.createDirectories(directory.resolve("image"))
                .resolve("release"), "JAVA_VERSION=\"21.0.2\"\nMODULES=\"java.base"
                        + " java.logging java.net.http\"\n").getParent();
        assertTrue(JavaRuntime.at(jlinked).problem().startsWith("the Java runtime " + jlinked
                + ", an image without the java.instrument module"),
                JavaRuntime.at(jlinked).problem());
        Path full = Files.writeString(Files.createDirectories(directory.resolve("full"))
                .resolve("release"), "JAVA_VERSION=\"25\"\nMODULES=\"java.base"
                        + " java.instrument\"\n").getParent();
        assertEquals(null, JavaRuntime.at(full).problem());
        assertEquals(null, JavaRuntime.at(directory), "no release file: nothing known");
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
