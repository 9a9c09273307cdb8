package io.pmsocks.config;

import java.util.List;
import java.util.Objects;

/**
 * Parses the CSTC-4.2 socks.conf format (SPEC §2) strictly: every problem on every line is
 * reported with its line and column, and a Dante-format file is recognised as such.
 */
public final class ConfigParser {

    /** The rules of the lines that parsed, and every problem found. */
    public record Result(List<Rule> rules, List<Diagnostic> diagnostics) {
        public Result {
            rules = List.copyOf(rules);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private final HostResolver resolver;
    private final ServiceNames services;

    public ConfigParser(HostResolver resolver, ServiceNames services) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.services = Objects.requireNonNull(services, "services");
    }

    /** @param source the file name used in messages */
    public Result parse(String source, String text) {
        throw new UnsupportedOperationException("being written");
    }
}
