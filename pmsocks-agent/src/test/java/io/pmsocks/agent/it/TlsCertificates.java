package io.pmsocks.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A self-signed server certificate for one host name, made with the JDK's {@code keytool}: the
 * server's key store and a trust store that holds only that certificate.
 */
final class TlsCertificates {

    static final String PASSWORD = "changeit";

    private TlsCertificates() {
    }

    static Path keyStore(Path directory) {
        return directory.resolve("server.p12");
    }

    static Path trustStore(Path directory) {
        return directory.resolve("trust.p12");
    }

    /** Creates both stores in {@code directory}, for a certificate naming {@code hostName}. */
    static void create(Path directory, String hostName) throws IOException, InterruptedException {
        Path certificate = directory.resolve("server.cer");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + hostName, "-ext", "san=dns:" + hostName, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore(directory).toString(),
                "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", keyStore(directory).toString(),
                "-storepass", PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore(directory).toString(),
                "-storepass", PASSWORD);
    }

    static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
