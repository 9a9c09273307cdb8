package io.pmsocks.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** TCP service names, as in {@code /etc/services}, for {@code eq http}-style port conditions. */
public interface ServiceNames {

    /** Where the system's service names come from. */
    Path SYSTEM_FILE = Path.of("/etc/services");

    /** The TCP port of a service name or alias, if known. */
    OptionalInt tcpPort(String name);

    /** The official name of a TCP port, as getservbyport(3) gives it, if known. */
    default Optional<String> tcpName(int port) {
        return Optional.empty();
    }

    /** Where the names come from, as messages name it. */
    default String origin() {
        return "the services database";
    }

    /**
     * From {@code /etc/services}, read when a name is first looked up (most configurations
     * name no service, and the agent reads its configuration at every JVM start); an
     * unreadable file knows no names.
     */
    static ServiceNames system() {
        return new ServiceNames() {
            private volatile ServiceNames loaded;

            private ServiceNames loaded() {
                ServiceNames names = loaded;
                if (names == null) {
                    names = fromFile(SYSTEM_FILE);
                    loaded = names;
                }
                return names;
            }

            @Override
            public OptionalInt tcpPort(String name) {
                return loaded().tcpPort(name);
            }

            @Override
            public Optional<String> tcpName(int port) {
                return loaded().tcpName(port);
            }

            @Override
            public String origin() {
                return SYSTEM_FILE.toString();
            }
        };
    }

    /**
     * From a file in the {@code /etc/services} format: {@code name port/protocol [aliases]},
     * {@code #} to the end of the line is a comment. Only {@code tcp} entries count; the first
     * entry for a name wins, as getservbyname(3) does; malformed lines are skipped (it is a
     * system file, not ours to judge). An unreadable file knows no names.
     */
    static ServiceNames fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException unreadable) {
            text = "";
        }
        return parse(file.toString(), text);
    }

    /**
     * @param origin where {@code text} came from, for messages
     * @param text the contents of a services file
     */
    static ServiceNames parse(String origin, String text) {
        Objects.requireNonNull(origin, "origin");
        Map<String, Integer> ports = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String[] fields = (comment >= 0 ? line.substring(0, comment) : line)
                    .trim().split("[ \t\r]+");
            if (fields.length < 2) {
                continue;
            }
            int slash = fields[1].indexOf('/');
            if (slash < 1 || !fields[1].substring(slash + 1).equalsIgnoreCase("tcp")) {
                continue;
            }
            String number = fields[1].substring(0, slash);
            if (number.length() > 5 || !IpLiterals.isDecimal(number)) {
                continue;
            }
            int port = Integer.parseInt(number);
            if (port > 65535) {
                continue;
            }
            ports.putIfAbsent(fields[0], port);
            names.putIfAbsent(port, fields[0]);
            for (int i = 2; i < fields.length; i++) {
                ports.putIfAbsent(fields[i], port);
            }
        }
        Map<String, Integer> table = Map.copyOf(ports);
        Map<Integer, String> byPort = Map.copyOf(names);
        return new ServiceNames() {
            @Override
            public OptionalInt tcpPort(String name) {
                Integer port = table.get(name);
                return port == null ? OptionalInt.empty() : OptionalInt.of(port);
            }

            @Override
            public Optional<String> tcpName(int port) {
                return Optional.ofNullable(byPort.get(port));
            }

            @Override
            public String origin() {
                return origin;
            }

            @Override
            public String toString() {
                return "ServiceNames[" + origin + ", " + table.size() + " tcp names]";
            }
        };
    }
}
