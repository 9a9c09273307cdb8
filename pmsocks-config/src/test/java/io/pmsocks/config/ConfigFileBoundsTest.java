package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are no configuration file (a device, a FIFO, a huge file) and paths the JVM
 * cannot name give located errors, never a read without end or an exception of the JDK.
 */
class ConfigFileBoundsTest {

    @TempDir
    Path dir;

    private static String readFailure(Path path) {
        ConfigException thrown = assertThrows(ConfigException.class, () -> ConfigLoader.read(
                new ConfigLocation(path, ConfigLocation.Origin.OPTION), null));
        return thrown.getMessage();
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        assertEquals("/dev/zero: error: cannot read the configuration file (not a regular file)",
                readFailure(Path.of("/dev/zero")));
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo.conf");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        // opening a FIFO with no writer would block: the check must come before any open
        assertEquals(fifo + ": error: cannot read the configuration file (not a regular file)",
                readFailure(fifo));
    }

    @Test
    void aFileOverOneMebibyteIsRefused() throws IOException, ConfigException {
        Path huge = dir.resolve("huge.conf");
        Files.write(huge, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);
        assertEquals(huge + ": error: cannot read the configuration file (larger than 1 MiB)",
                readFailure(huge));
        Path limit = dir.resolve("limit.conf");
        byte[] blanks = new byte[ConfigLoader.MAX_FILE_BYTES];
        Arrays.fill(blanks, (byte) '\n');
        Files.write(limit, blanks);
        assertEquals(ConfigLoader.MAX_FILE_BYTES, ConfigLoader.read(
                new ConfigLocation(limit, ConfigLocation.Origin.OPTION), null).length());
    }

    @Test
    void aPathWithANulCharacterIsALocatedError() {
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> ConfigLocation.choose("/etc/pcp\u0000socks.conf", Map.of()));
        assertEquals("--config: error: the configuration file '/etc/pcp\\u0000socks.conf' is not"
                + " a file name this locale can write (Nul character not allowed; file names are "
                + System.getProperty("sun.jnu.encoding") + " here): use a locale that can, such"
                + " as LANG=C.UTF-8, or a path in ASCII (a symbolic link will do)",
                thrown.getMessage());
    }

    @Test
    void aUserListFileThatIsADeviceMatchesNobodyWithAWarning() throws ConfigException {
        RuleSet rules = Configs.load("direct *=/dev/zero ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:10: warning: cannot read the user list file"
                        + " /dev/zero (not a regular file); it matches nobody"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
    }

    /**
     * Under LANG=C the JVM cannot name a non-ASCII path: Path.of throws InvalidPathException,
     * which must become the located error above, in a JVM started that way.
     */
    @Test
    void aNonAsciiPathUnderLangCIsALocatedError() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp",
                System.getProperty("java.class.path"), ChooseLocation.class.getName(),
                "/tmp/r\u00e9seau.conf");
        builder.environment().put("LANG", "C");
        builder.environment().put("LC_ALL", "C");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectErrorStream(true);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).trim();
        child.waitFor(60, TimeUnit.SECONDS);
        assertEquals(2, child.exitValue(), output);
        assertTrue(output.startsWith("--config: error: the configuration file '/tmp/r"),
                output);
        assertTrue(output.contains("is not a file name this locale can write"), output);
        assertTrue(output.contains("file names are ANSI_X3.4-1968 here"), output);
    }

    /** The child JVM of {@link #aNonAsciiPathUnderLangCIsALocatedError}. */
    static final class ChooseLocation {
        public static void main(String[] args) {
            try {
                System.out.println(ConfigLocation.choose(args[0], Map.of()).path());
            } catch (ConfigException e) {
                System.out.println(e.getMessage());
                System.exit(2);
            }
        }
    }
}
