package io.pmsocks.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells whether a TCP port listens in the network namespace of a given process, by reading that process's
 * {@code /proc/PID/net/tcp}: the kernel shows there the sockets of the process's own namespace. This needs no
 * connect, so it leaves no trace in a server's log, and no helper process in the namespace.
 */
final class ListeningSockets {

    private static final String LISTEN_STATE = "0A";

    private ListeningSockets() {
    }

    /**
     * Whether a socket listens on {@code address:port} (or on the wildcard address and that port) in the namespace
     * of process {@code pid}; false once the process is gone.
     */
    static boolean isListening(long pid, String address, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "tcp"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // the process ended between the check and the read
            return false;
        }
        String wanted = hexAddress(address) + ":" + String.format("%04X", port);
        String wildcard = "00000000:" + String.format("%04X", port);
        // "  sl  local_address rem_address   st ..."; first line is the header
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[3].equals(LISTEN_STATE)
                    && (fields[1].equals(wanted) || fields[1].equals(wildcard))) {
                return true;
            }
        }
        return false;
    }

    /** The kernel prints the address as the 32-bit network-order value read as a native integer. */
    private static String hexAddress(String address) {
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(TestAddresses.requireDottedQuad(address)).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + address, e);
        }
        StringBuilder hex = new StringBuilder();
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int i = 3; i >= 0; i--) {
                hex.append(String.format("%02X", bytes[i] & 0xff));
            }
        } else {
            for (int i = 0; i <= 3; i++) {
                hex.append(String.format("%02X", bytes[i] & 0xff));
            }
        }
        return hex.toString();
    }
}
