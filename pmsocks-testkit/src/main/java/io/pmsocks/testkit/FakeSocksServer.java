package io.pmsocks.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A scriptable SOCKS4 server for the cases Dante cannot produce: malformed, short or wrong-version replies, resets,
 * stalls, chosen reply codes, and SOCKS4a (which Dante 1.4.2 does not implement: it connects to {@code 0.0.0.1}).
 * Run as {@code java -cp TESTKIT io.pmsocks.testkit.FakeSocksServer ADDRESS PORT BEHAVIOUR [ARG...]}, behaviours as
 * in {@link FakeSocksBehaviour}. Besides the {@code ready} and {@code accepted} lines of every kit server it prints:
 *
 * <ul>
 *   <li>{@code request vn=4 cd=1 port=P ip=A user=U [host=H]} for each request read ({@link Socks4Request});</li>
 *   <li>{@code request-error PEER MESSAGE} when a request was malformed or cut short;</li>
 *   <li>{@code client-closed PEER} when, after a complete answer, the client closed its end, so that a test can see
 *       that a client gives back the connection after a refusal;</li>
 *   <li>{@code relay-error PEER MESSAGE} when {@code relay} could not reach the destination (it then replies 91).</li>
 * </ul>
 */
public final class FakeSocksServer {

    public static final String REQUEST_ERROR = "request-error ";
    public static final String CLIENT_CLOSED = "client-closed ";
    public static final String RELAY_ERROR = "relay-error ";

    private static final int GRANTED = 90;
    private static final int REJECTED = 91;
    private static final int RELAY_CONNECT_TIMEOUT_MILLIS = 5000;
    private static final byte[] HTTP_ANSWER =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private FakeSocksServer() {
    }

    public static void main(String[] args) throws IOException {
        String[] rest = ServerMain.rest(args, "FakeSocksServer ADDRESS PORT BEHAVIOUR [ARG...]; behaviours: "
                + FakeSocksBehaviour.Kind.words());
        FakeSocksBehaviour behaviour;
        try {
            behaviour = FakeSocksBehaviour.parse(List.of(rest));
        } catch (IllegalArgumentException e) {
            System.err.println("FakeSocksServer: " + e.getMessage());
            System.exit(1);
            return;
        }
        ServerMain.serve(args, connection -> answer(behaviour, connection));
    }

    /** Serves one connection; returns true when the connection is held open on purpose. */
    private static boolean answer(FakeSocksBehaviour behaviour, Socket connection) throws IOException {
        String peer = ServerMain.format((InetSocketAddress) connection.getRemoteSocketAddress());
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        Socks4Request request;
        try {
            request = Socks4Request.read(in);
        } catch (IOException e) {
            ServerMain.println(REQUEST_ERROR + peer + " " + e.getMessage());
            return false;
        }
        ServerMain.println(request.toLine());
        switch (behaviour.kind()) {
            case GRANT -> {
                out.write(reply(0, GRANTED, request));
                out.flush();
                echoUntilClosed(in, out, peer);
                return false;
            }
            case RELAY -> {
                relay(behaviour, request, connection, peer);
                return false;
            }
            case REJECT -> {
                out.write(reply(0, behaviour.value(), request));
                out.flush();
                awaitClientClose(in, peer);
                return false;
            }
            case GARBAGE -> {
                out.write(HTTP_ANSWER);
                out.flush();
                awaitClientClose(in, peer);
                return false;
            }
            case WRONG_VERSION -> {
                out.write(reply(behaviour.value(), GRANTED, request));
                out.flush();
                awaitClientClose(in, peer);
                return false;
            }
            case SHORT -> {
                out.write(reply(0, GRANTED, request), 0, behaviour.value());
                out.flush();
                return false;
            }
            case PARTIAL -> {
                out.write(reply(0, GRANTED, request), 0, behaviour.value());
                out.flush();
                ServerMain.hold(connection);
                return true;
            }
            case RESET -> {
                // linger 0 makes close() send RST instead of FIN
                connection.setSoLinger(true, 0);
                connection.close();
                return false;
            }
            case CLOSE -> {
                return false;
            }
            case STALL -> {
                ServerMain.hold(connection);
                return true;
            }
            default -> throw new IllegalStateException("unhandled behaviour " + behaviour.kind());
        }
    }

    /** {@code VN CD DSTPORT DSTIP}, echoing the request's port and address as many servers do. */
    private static byte[] reply(int version, int code, Socks4Request request) {
        String[] octets = request.address().split("\\.");
        return new byte[] {
                (byte) version, (byte) code, (byte) (request.port() >> 8), (byte) request.port(),
                (byte) Integer.parseInt(octets[0]), (byte) Integer.parseInt(octets[1]),
                (byte) Integer.parseInt(octets[2]), (byte) Integer.parseInt(octets[3])
        };
    }

    private static void echoUntilClosed(InputStream in, OutputStream out, String peer) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
        ServerMain.println(CLIENT_CLOSED + peer);
    }

    private static void awaitClientClose(InputStream in, String peer) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // whatever a client sends after a refusal is of no interest; only its close is
        }
        ServerMain.println(CLIENT_CLOSED + peer);
    }

    private static void relay(FakeSocksBehaviour behaviour, Socks4Request request, Socket client, String peer)
            throws IOException {
        Socket destination = new Socket();
        try {
            String target = relayTarget(behaviour, request);
            try {
                destination.connect(new InetSocketAddress(InetAddress.getByName(target), request.port()),
                        RELAY_CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                throw new IOException(target + ":" + request.port() + " " + e, e);
            }
        } catch (IOException e) {
            destination.close();
            ServerMain.println(RELAY_ERROR + peer + " " + e.getMessage());
            client.getOutputStream().write(reply(0, REJECTED, request));
            client.getOutputStream().flush();
            awaitClientClose(client.getInputStream(), peer);
            return;
        }
        try (destination) {
            destination.setTcpNoDelay(true);
            client.getOutputStream().write(reply(0, GRANTED, request));
            client.getOutputStream().flush();
            Thread back = new Thread(() -> copy(destination, client), "relay-back-" + client.getPort());
            back.setDaemon(true);
            back.start();
            copy(client, destination);
            try {
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The address to connect to: DSTIP, or for SOCKS4a the table entry of the host name. The relay never asks a
     * name server and only connects to loopback or the test range, so that no test can send traffic off this host.
     */
    private static String relayTarget(FakeSocksBehaviour behaviour, Socks4Request request) throws IOException {
        String address = request.address();
        if (request.hostName().isPresent()) {
            address = behaviour.hostAddresses().get(request.hostName().get());
            if (address == null) {
                throw new IOException("no address for host name " + request.hostName().get()
                        + " (relay resolves only the names it was given: " + behaviour.hostAddresses().keySet() + ")");
            }
        }
        if (!address.startsWith("127.") && !address.startsWith("10.231.")) {
            throw new IOException("refusing " + address + ": only loopback and 10.231.0.0/16 are relayed");
        }
        return address;
    }

    /** Copies one direction until end of stream, then passes the end on as a half close. */
    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away; closing both ends (by the caller) is all that is left to do
        }
    }
}
