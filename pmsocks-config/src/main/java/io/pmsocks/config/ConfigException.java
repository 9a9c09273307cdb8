package io.pmsocks.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used; carries every problem found, errors and warnings. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream()
                .filter(Diagnostic::isError)
                .map(Diagnostic::toString)
                .collect(Collectors.joining(System.lineSeparator())));
        this.diagnostics = List.copyOf(diagnostics);
        if (this.diagnostics.stream().noneMatch(Diagnostic::isError)) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
    }

    public ConfigException(Diagnostic error) {
        this(List.of(error));
    }

    /** Errors and warnings in the order they were found: print them one per line. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
