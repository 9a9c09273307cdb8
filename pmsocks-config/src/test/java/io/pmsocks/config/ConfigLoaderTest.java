package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing and reading the configuration file, and the messages when it can't be read. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = Configs.loader(new FakeResolver());

    private String failure(ConfigLocation location, Path shipped) {
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> loader.load(location, Configs.DEFAULT_SERVER, shipped));
        assertEquals(1, thrown.diagnostics().size());
        return thrown.getMessage();
    }

    @Test
    void missingDefaultFileSaysHowToInstallOneOrPointElsewhere() {
        Path missing = dir.resolve("pcp_socks.conf");
        Path shipped = Path.of("/opt/pmsocks/etc/pcp_socks.conf");
        assertEquals(missing + ": error: cannot read the configuration file (no such file);"
                        + " install the default one with 'cp " + shipped + " " + missing + "',"
                        + " or set PMSOCKS_CONFIG to the path of a configuration file"
                        + " (for example " + shipped + ")",
                failure(new ConfigLocation(missing, ConfigLocation.Origin.DEFAULT), shipped));
        assertEquals(missing + ": error: cannot read the configuration file (no such file);"
                        + " install the default one, or set PMSOCKS_CONFIG to the path of a"
                        + " configuration file",
                failure(new ConfigLocation(missing, ConfigLocation.Origin.DEFAULT), null));
    }

    @Test
    void missingFileNamedByTheEnvironmentSaysSo() throws ConfigException {
        Path missing = dir.resolve("from-env.conf");
        assertEquals(missing + ": error: cannot read the configuration file (no such file);"
                        + " it was named by PMSOCKS_CONFIG",
                failure(ConfigLocation.choose(null, Map.of("PMSOCKS_CONFIG", missing.toString())),
                        Path.of("/opt/pmsocks/etc/pcp_socks.conf")));
    }

    @Test
    void missingFileNamedByTheOptionIsJustNamed() throws ConfigException {
        Path missing = dir.resolve("from-option.conf");
        assertEquals(missing + ": error: cannot read the configuration file (no such file)",
                failure(ConfigLocation.choose(missing.toString(), Map.of()),
                        Path.of("/opt/pmsocks/etc/pcp_socks.conf")));
    }

    @Test
    void aDirectoryIsNotAConfigurationFile() {
        assertEquals(dir + ": error: cannot read the configuration file (is a directory)",
                failure(new ConfigLocation(dir, ConfigLocation.Origin.OPTION), null));
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.conf"), "direct ALL\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        String expected = secret + ": error: cannot read the configuration file (permission"
                + " denied)";
        if (!Files.isReadable(secret)) {
            assertEquals(expected,
                    failure(new ConfigLocation(secret, ConfigLocation.Origin.OPTION), null));
            return;
        }
        // Root reads anything: read it as nobody, in a child JVM (CI runs as root).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", java, "-cp", classesReadableByNobody(),
                ReadConfiguration.class.getName(), secret.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
        assertEquals(2, child.waitFor(), output);
        assertEquals(expected, output);
    }

    /** This module's classes and test classes: the child needs nothing else. */
    private static String classesReadableByNobody() {
        StringBuilder path = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(":")) {
            if (entry.endsWith("/target/classes") || entry.endsWith("/target/test-classes")) {
                path.append(path.length() == 0 ? "" : ":").append(entry);
            }
        }
        return path.toString();
    }

    /** Reads a configuration file as {@link ConfigLoader#read} does; prints its error. */
    static final class ReadConfiguration {
        public static void main(String[] args) {
            try {
                ConfigLoader.read(new ConfigLocation(Path.of(args[0]),
                        ConfigLocation.Origin.OPTION), null);
                System.out.println("read");
            } catch (ConfigException e) {
                System.out.println(e.getMessage());
                System.exit(2);
            }
        }
    }

    @Test
    void errorsInTheFileAreLocatedWithThePathAsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), "direct ALL\ndeny ALL eqq 1\n");
        ConfigException thrown = assertThrows(ConfigException.class, () -> loader.load(
                ConfigLocation.choose(file.toString(), Map.of()), null, null));
        assertEquals(file + ":2:10: error: unknown operator 'eqq'; expected eq, neq, lt, gt, le"
                + " or ge", thrown.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsReadAsLatin1() throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, "# r\u00e9seau local\ndirect 10.0.0.0 255.0.0.0\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        RuleSet rules = loader.load(new ConfigLocation(file, ConfigLocation.Origin.OPTION),
                Configs.DEFAULT_SERVER, null);
        assertEquals(List.of(2), rules.rules().stream().map(Rule::line).toList());
        assertEquals(file.toString(), rules.source());
    }

    @Test
    void theLocationIsTheOptionElseTheEnvironmentElseTheDefault() throws ConfigException {
        Map<String, String> environment = Map.of("PMSOCKS_CONFIG", "/env.conf");
        assertEquals(new ConfigLocation(Path.of("/opt.conf"), ConfigLocation.Origin.OPTION),
                ConfigLocation.choose("/opt.conf", environment));
        assertEquals(new ConfigLocation(Path.of("/env.conf"), ConfigLocation.Origin.ENVIRONMENT),
                ConfigLocation.choose(null, environment));
        assertEquals(new ConfigLocation(Path.of("/env.conf"), ConfigLocation.Origin.ENVIRONMENT),
                ConfigLocation.choose("", environment));
        assertEquals(new ConfigLocation(Path.of("/etc/pcp_socks.conf"),
                        ConfigLocation.Origin.DEFAULT),
                ConfigLocation.choose(null, Map.of("PMSOCKS_CONFIG", "")));
    }
}
