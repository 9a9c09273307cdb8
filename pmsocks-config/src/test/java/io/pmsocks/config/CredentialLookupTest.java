package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the user name and password of a socks5 or http server come from (SPEC §2). */
class CredentialLookupTest {

    private static final String SECRET = "s3cret with blanks";

    @TempDir
    Path dir;

    private static SocksServer server(String text) throws AddressSyntaxException {
        return SocksServer.parse(text, SocksServer.DEFAULT_PORT);
    }

    private Path credentialsFile(String text, String mode) throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static CredentialLookup lookup(String... keysAndValues) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            environment.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return CredentialLookup.from(environment);
    }

    private static Optional<ProxyCredentials> credentials(String user, String password) {
        return Optional.of(new ProxyCredentials(user, password));
    }

    @Test
    void theUserOfTheEntryWinsOverSocksUsername() throws Exception {
        CredentialLookup lookup = lookup("SOCKS_USERNAME", "bob", "SOCKS_PASSWORD", "pw",
                "HOME", dir.toString());
        assertEquals(credentials("alice", "pw"), lookup.forServer(server("socks5://alice@fw")));
        assertEquals(credentials("bob", "pw"), lookup.forServer(server("socks5://fw")));
    }

    @Test
    void theFileGivesTheUserAndPasswordWhenTheVariablesDoNot() throws Exception {
        Path file = credentialsFile("# proxies\n\nfw:1081 carol pw of fw 1081 \n"
                + "fw carol other\n[2001:db8::1] dave " + SECRET + "\n", "rw-------");
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString());
        assertEquals(credentials("carol", "pw of fw 1081"),
                lookup.forServer(server("socks5://fw:1081")));
        assertEquals(credentials("carol", "other"), lookup.forServer(server("http://FW:3128")));
        assertEquals(credentials("dave", SECRET),
                lookup.forServer(server("socks5h://[2001:db8:0::1]")));
        assertEquals(Optional.empty(), lookup.forServer(server("socks5://elsewhere")));
    }

    @Test
    void aKnownUserTakesTheFileLineOfThatUser() throws Exception {
        Path file = credentialsFile("fw carol pc\nfw alice pa\n", "rw-------");
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString());
        assertEquals(credentials("alice", "pa"), lookup.forServer(server("socks5://alice@fw")));
        assertEquals(Optional.empty(), lookup.forServer(server("socks5://zed@fw")));
        CredentialLookup withUser = lookup("PMSOCKS_CREDENTIALS", file.toString(),
                "SOCKS_USERNAME", "alice");
        assertEquals(credentials("alice", "pa"), withUser.forServer(server("socks5://fw")));
    }

    @Test
    void socksPasswordWinsOverTheFile() throws Exception {
        Path file = credentialsFile("fw carol from-file\n", "rw-------");
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString(),
                "SOCKS_PASSWORD", "from-env");
        assertEquals(credentials("carol", "from-env"), lookup.forServer(server("socks5://fw")));
    }

    @Test
    void socks4ServersNeverReadTheFile() throws Exception {
        Path file = credentialsFile("fw carol pw\n", "rw-r--r--");
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString());
        assertEquals(Optional.empty(), lookup.forServer(server("fw")));
    }

    @Test
    void variablesAloneNeverReadTheFile() throws Exception {
        Path file = credentialsFile("fw carol pw\n", "rw-r--r--");
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString(),
                "SOCKS_USERNAME", "u", "SOCKS_PASSWORD", "p");
        assertEquals(credentials("u", "p"), lookup.forServer(server("socks5://fw")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-r--r--", "r--r-----"})
    void aFileOthersCanReadIsRefusedNamingItAndChmod(String mode) throws Exception {
        // checked on the mode bits, so this holds when the tests run as root too
        Path file = credentialsFile("fw carol " + SECRET + "\n", mode);
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString());
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> lookup.forServer(server("socks5://fw")));
        assertEquals(file + ": error: the credentials file can be read by other users than its"
                + " owner; refused: run 'chmod 600 " + file + "'", thrown.getMessage());
        ConfigException again = assertThrows(ConfigException.class,
                () -> lookup.forServer(server("http://fw")));
        assertSame(thrown, again);
    }

    @Test
    void badLinesAreLocatedAndNeverShowThePassword() throws Exception {
        Path file = credentialsFile("fw:0 carol " + SECRET + "\nfw\n  fw carol\nok u p\n",
                "rw-------");
        CredentialLookup lookup = lookup("PMSOCKS_CREDENTIALS", file.toString());
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> lookup.forServer(server("socks5://ok")));
        assertEquals(List.of(
                file + ":1:4: error: bad port '0' for 'fw': expected a number from 1 to 65535",
                file + ":2:3: error: missing user name and password after 'fw'; expected"
                        + " HOST[:PORT] USER PASSWORD",
                file + ":3:11: error: missing password after the user name; expected HOST[:PORT]"
                        + " USER PASSWORD"),
                thrown.diagnostics().stream().map(Diagnostic::toString).toList());
        assertFalse(thrown.getMessage().contains("s3cret"));
    }

    @Test
    void aMissingDefaultFileIsNoCredentialsButANamedOneIsAnError() throws Exception {
        assertEquals(Optional.empty(),
                lookup("HOME", dir.toString()).forServer(server("socks5://fw")));
        Path missing = dir.resolve("nothing-here");
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> lookup("PMSOCKS_CREDENTIALS", missing.toString())
                        .forServer(server("socks5://fw")));
        assertEquals(missing + ": error: cannot read the credentials file (no such file); it was"
                + " named by PMSOCKS_CREDENTIALS", thrown.getMessage());
    }

    @Test
    void theDefaultFileIsUnderHome() throws Exception {
        Path config = Files.createDirectories(dir.resolve(".config/pmsocks"));
        Path file = config.resolve("credentials");
        Files.writeString(file, "fw carol pw\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CredentialLookup lookup = lookup("HOME", dir.toString());
        assertEquals(file.toString(), lookup.file());
        assertEquals(credentials("carol", "pw"), lookup.forServer(server("socks5://fw")));
    }

    @Test
    void aDeviceIsNotACredentialsFile() throws Exception {
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> lookup("PMSOCKS_CREDENTIALS", "/dev/zero").forServer(server("http://fw")));
        assertTrue(thrown.getMessage().contains("not a regular file"), thrown.getMessage());
    }

    @Test
    void whatIsMissingSaysWhereToPutIt() throws Exception {
        CredentialLookup lookup = new CredentialLookup(null, null, "/home/u/creds", false);
        assertEquals("no user name known for socks5://fw:1080: write USER@ in the server entry"
                + " or set SOCKS_USERNAME, and set SOCKS_PASSWORD, or add a line 'fw:1080 USER"
                + " PASSWORD' to /home/u/creds", lookup.whatIsMissing(server("socks5://fw")));
        assertEquals("no password known for user alice at http://alice@fw:1080: set"
                + " SOCKS_PASSWORD, or add a line 'fw:1080 alice PASSWORD' to /home/u/creds",
                lookup.whatIsMissing(server("http://alice@fw")));
    }

    @Test
    void noStringShowsAPassword() throws Exception {
        ProxyCredentials credentials = new ProxyCredentials("alice", SECRET);
        assertFalse(credentials.toString().contains(SECRET), credentials.toString());
        CredentialLookup lookup = new CredentialLookup("alice", SECRET, null, false);
        assertFalse(lookup.toString().contains(SECRET), lookup.toString());
        assertEquals(credentials, lookup.forServer(server("socks5://fw")).orElseThrow());
    }
}
