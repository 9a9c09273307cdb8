package io.pmsocks.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The optional {@code op port} part of a rule: {@code eq 44321}, {@code lt 1024}. */
public record PortCondition(Operator operator, int port) {

    public enum Operator {
        EQ, NEQ, LT, GT, LE, GE;

        public static Optional<Operator> ofKeyword(String keyword) {
            for (Operator op : values()) {
                if (op.keyword().equals(keyword.toLowerCase(Locale.ROOT))) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PortCondition {
        Objects.requireNonNull(operator, "operator");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public boolean matches(int destinationPort) {
        switch (operator) {
            case EQ: return destinationPort == port;
            case NEQ: return destinationPort != port;
            case LT: return destinationPort < port;
            case GT: return destinationPort > port;
            case LE: return destinationPort <= port;
            case GE: return destinationPort >= port;
            default: throw new AssertionError(operator);
        }
    }

    @Override
    public String toString() {
        return operator.keyword() + " " + port;
    }
}
