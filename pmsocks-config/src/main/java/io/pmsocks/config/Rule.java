package io.pmsocks.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the configuration, as understood.
 *
 * @param source the file it came from, as named in messages
 * @param line its 1-based line number
 * @param servers the {@code @=} list; empty means the default server (SOCKS_SERVER)
 * @param users the {@code *=} list, or {@code null} when the line has none (everyone)
 * @param port the {@code op port} condition, or {@code null} (any port)
 * @param shellCommand the text after {@code :}, or {@code null}
 */
public record Rule(
        String source,
        int line,
        Action action,
        List<SocksServer> servers,
        UserList users,
        AddressPattern address,
        PortCondition port,
        String shellCommand) {

    public Rule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(address, "address");
        servers = List.copyOf(servers);
        if (!servers.isEmpty() && action != Action.SOCKD) {
            throw new IllegalArgumentException("only sockd rules have servers");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line " + line);
        }
    }

    /** Everything but the address: port and user. */
    boolean matchesPortAndUser(int destinationPort, String user) {
        return (port == null || port.matches(destinationPort))
                && (users == null || users.matches(user));
    }

    public boolean matches(Destination destination, String user) {
        return address.matches(destination) && matchesPortAndUser(destination.port(), user);
    }

    public Optional<String> shell() {
        return Optional.ofNullable(shellCommand);
    }

    /** The rule in canonical form, as {@code pmsocks --check} prints it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(action.keyword());
        if (!servers.isEmpty()) {
            text.append(" @=");
            for (int i = 0; i < servers.size(); i++) {
                text.append(i == 0 ? "" : ",").append(servers.get(i));
            }
        }
        if (users != null) {
            text.append(' ').append(users);
        }
        text.append(' ').append(address);
        if (port != null) {
            text.append(' ').append(port);
        }
        if (shellCommand != null) {
            text.append(" : ").append(shellCommand);
        }
        return text.toString();
    }
}
