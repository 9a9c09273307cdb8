package io.pmsocks.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What to do with one connect, and which line said so. */
public sealed interface Decision {

    /**
     * The rule that decided, or {@code null} for the built-in loopback rule and for "no rule".
     */
    Rule rule();

    /**
     * The words after {@code HOST:PORT} in {@code pmsocks --explain} (SPEC §5):
     * {@code direct (line 2)}, {@code deny (no rule)}, {@code sockd fw:1081 (line 3)}...
     */
    String explain();

    /** Connect as the application asked. {@code rule} is {@code null} for loopback. */
    record Direct(Rule rule) implements Decision {
        @Override
        public String explain() {
            return rule == null ? "direct (loopback)" : "direct (line " + rule.line() + ")";
        }
    }

    /** Refuse without touching the network. */
    record Deny(Rule rule) implements Decision {
        public Deny {
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public String explain() {
            return "deny (line " + rule.line() + ")";
        }
    }

    /** No line matched: refuse, saying so. */
    record NoRule(String source) implements Decision {
        public NoRule {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Rule rule() {
            return null;
        }

        @Override
        public String explain() {
            return "deny (no rule)";
        }
    }

    /**
     * Connect through sockd: try {@code servers} in order. The list is the rule's {@code @=}
     * list, else the default server; it is empty when neither exists, which is a connect-time
     * error naming the rule.
     */
    record Sockd(Rule rule, List<SocksServer> servers) implements Decision {
        public Sockd {
            Objects.requireNonNull(rule, "rule");
            servers = List.copyOf(servers);
        }

        @Override
        public String explain() {
            String list = servers.isEmpty()
                    ? "(no server: set SOCKS_SERVER or add @=)"
                    : servers.stream().map(SocksServer::toString).collect(Collectors.joining(","));
            return "sockd " + list + " (line " + rule.line() + ")";
        }
    }
}
