package io.pmsocks.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The application the integration tests run in a child JVM with the agent: connects one way,
 * sends a line, and prints what happened so that the test can assert it.
 *
 * <pre>ConnectProbe MODE HOST PORT [TIMEOUT_MS [PROXY_HOST:PROXY_PORT]]</pre>
 *
 * Modes: {@code connect} (new Socket() + connect with the timeout), {@code constructor}
 * (new Socket(host, port)), {@code factory} (SocketFactory.getDefault()), {@code ssl}
 * (SSLSocketFactory, then a handshake), {@code unresolved} (connect to an unresolved
 * address), {@code proxy} (new Socket(Proxy) of type SOCKS).
 * Output: {@code connected peer=ADDRESS:PORT}, then {@code line TEXT} for each line read
 * back; or {@code exception CLASS: MESSAGE} and exit status 3.
 */
public final class ConnectProbe {

    private ConnectProbe() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        int timeout = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Socket socket;
        try {
            socket = open(mode, host, port, timeout, args.length > 4 ? args[4] : null);
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(3);
            return;
        }
        try (socket) {
            System.out.println("connected peer=" + peer(socket));
            if (socket instanceof SSLSocket ssl) {
                ssl.setSoTimeout(5000);
                try {
                    ssl.startHandshake();
                    System.out.println("handshake done");
                } catch (IOException e) {
                    System.out.println("handshake " + e.getClass().getName());
                }
                return;
            }
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("hello through pmsocks\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println("line " + line);
            }
        }
    }

    private static Socket open(String mode, String host, int port, int timeout, String proxy)
            throws IOException {
        switch (mode) {
            case "connect": {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(host, port), timeout);
                return socket;
            }
            case "constructor":
                return new Socket(host, port);
            case "factory":
                return SocketFactory.getDefault().createSocket(host, port);
            case "ssl":
                return SSLSocketFactory.getDefault().createSocket(host, port);
            case "unresolved": {
                Socket socket = new Socket();
                socket.connect(InetSocketAddress.createUnresolved(host, port), timeout);
                return socket;
            }
            case "proxy": {
                int colon = proxy.lastIndexOf(':');
                Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(
                        proxy.substring(0, colon), Integer.parseInt(proxy.substring(colon + 1)))));
                socket.connect(new InetSocketAddress(host, port), timeout);
                return socket;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static String peer(Socket socket) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        String address = remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress();
        return address + ":" + remote.getPort() + " port=" + socket.getPort();
    }
}
