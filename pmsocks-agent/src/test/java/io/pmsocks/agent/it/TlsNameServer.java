package io.pmsocks.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server for the hardening ITs: for each client, the handshake, then one line naming
 * the server names (SNI) the client sent, {@code sni NAME,...} ({@code sni none} without).
 *
 * <pre>TlsNameServer ADDRESS PORT KEYSTORE</pre>
 *
 * Prints {@code ready ADDRESS:PORT} once it listens (port 0 picks one).
 */
public final class TlsNameServer {

    private TlsNameServer() {
    }

    public static void main(String[] args) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(
                KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        InetAddress address = InetAddress.getByName(args[0]);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(Integer.parseInt(args[1]), 50, address)) {
            System.out.println("ready " + args[0] + ":" + server.getLocalPort());
            System.out.flush();
            while (true) {
                try (SSLSocket client = (SSLSocket) server.accept()) {
                    client.setSoTimeout(10_000);
                    client.startHandshake();
                    List<SNIServerName> names =
                            ((ExtendedSSLSession) client.getSession()).getRequestedServerNames();
                    String line = "sni " + (names.isEmpty() ? "none" : names.stream()
                            .map(name -> ((SNIHostName) name).getAsciiName())
                            .collect(Collectors.joining(",")));
                    System.out.println(line);
                    System.out.flush();
                    OutputStream out = client.getOutputStream();
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    System.out.println("client-error " + e);
                    System.out.flush();
                }
            }
        }
    }
}
