package io.pmsocks.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Tinyproxy} is told: where it listens, which clients it serves, the ports it lets {@code CONNECT}
 * reach (any other is refused with {@code 403 Access violation}), and optionally the user name and password it
 * demands ({@code BasicAuth}: {@code 407 Proxy Authentication Required} without them).
 *
 * @param listenAddresses the addresses it listens on (one {@code Listen} line each), IPv4 or IPv6
 * @param port            the port it listens on
 * @param allowedClients  the client prefixes it serves ({@code Allow} lines)
 * @param connectPorts    the destination ports {@code CONNECT} may reach ({@code ConnectPort} lines); not empty,
 *                        since tinyproxy allows every port when there is none
 * @param basicAuth       the credentials it demands, if any
 */
public record TinyproxyConfig(List<String> listenAddresses, int port, List<String> allowedClients,
                              List<Integer> connectPorts, Optional<ProxyCredentials> basicAuth) {

    public static final int DEFAULT_PORT = 8888;

    public TinyproxyConfig {
        listenAddresses = List.copyOf(listenAddresses);
        if (listenAddresses.isEmpty()) {
            throw new IllegalArgumentException("tinyproxy needs an address to listen on");
        }
        listenAddresses.forEach(TestAddresses::requireAnyTestAddress);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        allowedClients = List.copyOf(allowedClients);
        connectPorts = List.copyOf(connectPorts);
        if (connectPorts.isEmpty()) {
            throw new IllegalArgumentException("name the ports CONNECT may reach: without a ConnectPort line"
                    + " tinyproxy allows every port");
        }
        for (int connectPort : connectPorts) {
            if (connectPort < 1 || connectPort > 65535) {
                throw new IllegalArgumentException("ConnectPort out of range: " + connectPort);
            }
        }
        Objects.requireNonNull(basicAuth, "basicAuth");
    }

    /**
     * The firewall's HTTP proxy: listens on the inside leg ({@value Topology#FIREWALL_INSIDE_ADDRESS}, and
     * {@value Topology#FIREWALL_INSIDE_ADDRESS6} when the kernel has IPv6) at {@code port}, serves the test ranges,
     * and lets {@code CONNECT} reach {@code connectPorts} only.
     */
    public static TinyproxyConfig firewall(int port, int... connectPorts) {
        List<String> listen = new ArrayList<>(List.of(Topology.FIREWALL_INSIDE_ADDRESS));
        List<String> allow = new ArrayList<>(List.of(TestAddresses.RANGE));
        if (Topology.hasIpv6()) {
            listen.add(Topology.FIREWALL_INSIDE_ADDRESS6);
            allow.add(TestAddresses.RANGE6);
        }
        List<Integer> ports = new ArrayList<>();
        for (int connectPort : connectPorts) {
            ports.add(connectPort);
        }
        return new TinyproxyConfig(listen, port, allow, ports, Optional.empty());
    }

    /** The same proxy demanding {@code credentials} ({@code BasicAuth}). */
    public TinyproxyConfig withBasicAuth(ProxyCredentials credentials) {
        return new TinyproxyConfig(listenAddresses, port, allowedClients, connectPorts, Optional.of(credentials));
    }

    /** The same proxy letting {@code CONNECT} reach these ports instead. */
    public TinyproxyConfig withConnectPorts(Integer... ports) {
        return new TinyproxyConfig(listenAddresses, port, allowedClients, List.of(ports), basicAuth);
    }

    /** The tinyproxy.conf text; with {@code -d} and no LogFile or Syslog line it logs to its standard output. */
    String render() {
        StringBuilder conf = new StringBuilder("# written by pmsocks-testkit\n")
                .append("Port ").append(port).append('\n');
        listenAddresses.forEach(address -> conf.append("Listen ").append(address).append('\n'));
        conf.append("Timeout 600\n")
                .append("MaxClients 200\n")
                .append("LogLevel Info\n")
                .append("DisableViaHeader Yes\n");
        allowedClients.forEach(client -> conf.append("Allow ").append(client).append('\n'));
        connectPorts.forEach(connectPort -> conf.append("ConnectPort ").append(connectPort).append('\n'));
        basicAuth.ifPresent(c -> conf.append("BasicAuth ").append(c.user()).append(' ').append(c.password())
                .append('\n'));
        return conf.toString();
    }
}
