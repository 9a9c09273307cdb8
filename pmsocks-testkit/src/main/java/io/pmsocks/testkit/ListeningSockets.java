package io.pmsocks.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tells whether a TCP port listens in the network namespace of a given process, by reading that process's
 * {@code /proc/PID/net/tcp}: the kernel shows there the sockets of the process's own namespace. This needs no
 * connect, so it leaves no trace in a server's log, and no helper process in the namespace.
 */
final class ListeningSockets {

    private static final String LISTEN_STATE = "0A";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private ListeningSockets() {
    }

    /**
     * Whether a socket listens on {@code address:port} (or on the wildcard address and that port) in the namespace
     * of process {@code pid}; false once the process is gone. {@code address} is a dotted quad or an IPv6 literal.
     */
    static boolean isListening(long pid, String address, int port) {
        boolean ipv6 = TestAddresses.isIpv6Literal(address);
        byte[] bytes = ipv6 ? TestAddresses.ipv6Bytes(address) : ipv4Bytes(address);
        String hexPort = String.format("%04X", port);
        String wanted = hexAddress(bytes) + ":" + hexPort;
        String wildcard = hexAddress(new byte[bytes.length]) + ":" + hexPort;
        // an IPv6 wildcard socket also accepts IPv4 connects (unless IPV6_V6ONLY): look in both tables for it
        List<String> tables = ipv6 ? List.of("tcp6") : List.of("tcp", "tcp6");
        for (String table : tables) {
            String tableWildcard = table.equals("tcp6") && !ipv6 ? hexAddress(new byte[16]) + ":" + hexPort : wildcard;
            for (String[] fields : listening(pid, table)) {
                if (fields[1].equals(wanted) || fields[1].equals(tableWildcard)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Waits until {@code server} listens on {@code address:port}; when it exits first or does not listen within
     * {@code timeout}, kills it and fails with {@code diagnostics} (its configuration and log) and its stderr.
     */
    static void await(ChildProcess server, String what, String address, int port, Duration timeout,
                      Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isListening(server.pid(), address, port)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                String why = server.isAlive() ? "is not listening after " + timeout : "exited";
                server.kill();
                throw new IllegalStateException(what + " on " + address + ":" + port + " " + why
                        + diagnostics.get() + "\n--- stderr ---\n" + server.stderr());
            }
            ChildProcess.sleep(POLL_INTERVAL);
        }
    }

    /** The fields of the listening sockets' lines of {@code /proc/PID/net/TABLE}; empty once the process is gone. */
    private static List<String[]> listening(long pid, String table) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // the process ended between the check and the read
            return List.of();
        }
        // "  sl  local_address rem_address   st ..."; first line is the header
        return lines.subList(Math.min(1, lines.size()), lines.size()).stream()
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 3 && fields[3].equals(LISTEN_STATE))
                .toList();
    }

    private static byte[] ipv4Bytes(String address) {
        try {
            return InetAddress.getByName(TestAddresses.requireDottedQuad(address)).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + address, e);
        }
    }

    /**
     * The kernel prints an address as its 32-bit words in network order, each read as a native integer: four words
     * for IPv6, one for IPv4.
     */
    private static String hexAddress(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int word = 0; word < bytes.length; word += 4) {
            if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                for (int i = word + 3; i >= word; i--) {
                    hex.append(String.format("%02X", bytes[i] & 0xff));
                }
            } else {
                for (int i = word; i <= word + 3; i++) {
                    hex.append(String.format("%02X", bytes[i] & 0xff));
                }
            }
        }
        return hex.toString();
    }
}
