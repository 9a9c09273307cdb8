package io.pmsocks.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * {@code pmsocks --probe HOST[:PORT]}: one connect made by a JVM that runs the Java agent with
 * {@code debug}, the way a client's connect would be made, so that the agent's own
 * {@code [pmsocks]} lines on stderr are the steps (the rule that decided, each server tried by
 * its scheme and user, the request and reply) and the line on stdout is the outcome. Uses only
 * JDK classes: the agent jar is this JVM's only other code.
 *
 * <pre>ProbeMain HOST PORT TIMEOUT_MS</pre>
 *
 * TIMEOUT_MS 0 means no timeout of the probe's own, as for a PCP client connecting to pmcd,
 * which the agent then gives {@code PMCD_CONNECT_TIMEOUT}.
 * Output: {@code connected to HOST:PORT (ADDRESS:PORT) from LOCAL:PORT}, exit status 0; or
 * {@code not connected: EXCEPTION: MESSAGE}, exit status {@link ExitStatus#PROBE_FAILED}.
 */
public final class ProbeMain {

    private ProbeMain() {
    }

    public static void main(String[] args) {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int timeoutMillis = Integer.parseInt(args[2]);
        InetSocketAddress target = new InetSocketAddress(host, port);
        String display = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(target, timeoutMillis);
            System.out.println("connected to " + display + " (" + address(socket.getInetAddress())
                    + ":" + socket.getPort() + ") from " + address(socket.getLocalAddress()) + ":"
                    + socket.getLocalPort());
        } catch (IOException e) {
            System.out.println("not connected: " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(ExitStatus.PROBE_FAILED);
        }
    }

    private static String address(java.net.InetAddress address) {
        if (address == null) {
            return "unresolved";
        }
        String text = address.getHostAddress();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }
}
