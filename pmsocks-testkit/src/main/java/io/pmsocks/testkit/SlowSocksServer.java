package io.pmsocks.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A slow but correct SOCKS server: it speaks SOCKS4 and SOCKS5 (no authentication, CONNECT to an
 * IPv4 address), waits a fixed time before it answers each request, then connects to the
 * destination and relays both ways. It shows that a client's connects through a slow proxy run
 * side by side: N connects take about one delay, not N. Run as
 * {@code java -cp TESTKIT io.pmsocks.testkit.SlowSocksServer ADDRESS PORT DELAY_MILLIS}; it prints
 * {@code ready ADDRESS:PORT}, and {@code relay-error PEER MESSAGE} when a destination cannot be
 * reached (it then refuses: SOCKS4 reply 91, SOCKS5 reply 5). Its backlog takes a few hundred
 * simultaneous connects, which the kit's other servers (backlog 50) do not.
 */
public final class SlowSocksServer {

    private static final int BACKLOG = 1024;

    private SlowSocksServer() {
    }

    public static void main(String[] args) throws IOException {
        String[] rest = ServerMain.rest(args, "SlowSocksServer ADDRESS PORT DELAY_MILLIS");
        if (rest.length != 1 || !rest[0].matches("[0-9]{1,6}")) {
            System.err.println("SlowSocksServer: DELAY_MILLIS must be a number of milliseconds");
            System.exit(1);
        }
        long delay = Long.parseLong(rest[0]);
        InetAddress address = InetAddress.getByName(args[0]);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, Integer.parseInt(args[1])), BACKLOG);
            ServerMain.println(ServerMain.READY
                    + ServerMain.format(new InetSocketAddress(address, server.getLocalPort())));
            while (true) {
                Socket connection = server.accept();
                connection.setTcpNoDelay(true);
                Thread thread = new Thread(() -> serve(connection, delay),
                        "slow-" + connection.getPort());
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(Socket connection, long delay) {
        String peer = ServerMain.format((InetSocketAddress) connection.getRemoteSocketAddress());
        try (connection) {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            int version = in.readUnsignedByte();
            InetSocketAddress destination;
            if (version == 4) {
                in.readUnsignedByte(); // CD: CONNECT
                int port = in.readUnsignedShort();
                byte[] ip = in.readNBytes(4);
                while (in.readUnsignedByte() != 0) {
                    // the user id, ignored
                }
                destination = new InetSocketAddress(InetAddress.getByAddress(ip), port);
            } else if (version == 5) {
                in.readNBytes(in.readUnsignedByte()); // offered methods; "no authentication"
                out.write(new byte[] {5, 0});
                out.flush();
                byte[] head = in.readNBytes(4); // VER CMD RSV ATYP
                if (head.length < 4 || head[3] != 1) {
                    out.write(new byte[] {5, 8, 0, 1, 0, 0, 0, 0, 0, 0});
                    return;
                }
                byte[] ip = in.readNBytes(4);
                destination = new InetSocketAddress(InetAddress.getByAddress(ip),
                        in.readUnsignedShort());
            } else {
                return;
            }
            Thread.sleep(delay);
            Socket upstream = new Socket();
            try {
                upstream.connect(destination, 5000);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                ServerMain.println("relay-error " + peer + " " + e.getMessage());
                out.write(version == 4 ? new byte[] {0, 91, 0, 0, 0, 0, 0, 0}
                        : new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
                upstream.close();
                return;
            }
            out.write(version == 4 ? new byte[] {0, 90, 0, 0, 0, 0, 0, 0}
                    : new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            try (upstream) {
                Thread back = new Thread(() -> pump(upstream, connection), "slow-back-" + peer);
                back.setDaemon(true);
                back.start();
                pump(connection, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: nothing to relay any more
        }
    }

    /** Copies until end of stream, then passes the end on. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed: the other copy ends with it
        }
    }
}
