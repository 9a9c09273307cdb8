package io.pmsocks.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real DNS server (dnsmasq, Debian's dnsmasq-base) in a namespace, answering only for the
 * names it is given: the name server of SOCKS_NS tests. It reads no configuration, hosts file
 * or upstream resolver of the machine and forwards nothing.
 */
public final class NameServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int DNS_PORT = 53;

    private final String address;
    private final ChildProcess process;

    private NameServer(String address, ChildProcess process) {
        this.address = address;
        this.process = process;
    }

    /**
     * Starts dnsmasq in {@code namespace} on {@code address}, port 53, and returns once it listens.
     *
     * @param names host name to IPv4 address
     */
    public static NameServer start(Namespace namespace, String address, Map<String, String> names) {
        Objects.requireNonNull(address, "address");
        List<String> command = new ArrayList<>(List.of(Executables.dnsmasq().toString(),
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--no-poll", "--pid-file=", "--bind-interfaces", "--listen-address=" + address,
                "--port=" + DNS_PORT, "--log-facility=-"));
        names.forEach((name, ip) -> command.add("--host-record=" + name + "," + ip));
        ChildProcess process = namespace.start(command, System.getenv());
        NameServer server = new NameServer(address, process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ListeningSockets.isListening(process.pid(), address, DNS_PORT)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "is not listening after " + START_TIMEOUT : "exited";
                process.kill();
                throw new IllegalStateException(process.describe("dnsmasq " + why));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.kill();
                throw new IllegalStateException("interrupted while starting dnsmasq", e);
            }
        }
        return server;
    }

    public String address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.kill();
    }

    @Override
    public String toString() {
        return "NameServer[" + address + ", pid " + process.pid() + "]";
    }
}
