package io.pmsocks.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A TCP echo server, run as {@code java -cp TESTKIT io.pmsocks.testkit.EchoServer ADDRESS PORT [--greet]}, for
 * example in the outside namespace. It prints {@code ready ADDRESS:PORT}, then {@code accepted PEER:PORT} for each
 * connection, and sends back every byte it receives. With {@code --greet} it first sends
 * {@code peer PEER_ADDRESS:PEER_PORT\n}, so the client can see whom the server saw: the firewall's outside leg when
 * the connect went through sockd, the client itself when it was direct.
 */
public final class EchoServer {

    public static final String GREET_OPTION = "--greet";
    public static final String GREETING_PREFIX = "peer ";

    private EchoServer() {
    }

    public static void main(String[] args) throws IOException {
        List<String> options = List.of(ServerMain.rest(args, "EchoServer ADDRESS PORT [" + GREET_OPTION + "]"));
        boolean greet = options.contains(GREET_OPTION);
        ServerMain.serve(args, connection -> {
            OutputStream out = connection.getOutputStream();
            if (greet) {
                String peer = ServerMain.format((InetSocketAddress) connection.getRemoteSocketAddress());
                out.write((GREETING_PREFIX + peer + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            InputStream in = connection.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            return false;
        });
    }
}
