package io.pmsocks.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Which configuration file to read, and why that one: {@code --config FILE} (or the agent's
 * {@code config=FILE}), else {@code PMSOCKS_CONFIG}, else {@code /etc/pcp_socks.conf}.
 */
public record ConfigLocation(Path path, Origin origin) {

    public static final Path DEFAULT_PATH = Path.of("/etc/pcp_socks.conf");
    public static final String ENVIRONMENT_VARIABLE = "PMSOCKS_CONFIG";

    public enum Origin { OPTION, ENVIRONMENT, DEFAULT }

    public ConfigLocation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * @param option the file named on the command line or in the agent options, or {@code null}
     * @param environment the process environment
     * @throws ConfigException the text cannot name a file here (under {@code LANG=C}, a
     *     non-ASCII path is such a text for the JVM)
     */
    public static ConfigLocation choose(String option, Map<String, String> environment)
            throws ConfigException {
        if (option != null && !option.isEmpty()) {
            return new ConfigLocation(path(option, "--config"), Origin.OPTION);
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new ConfigLocation(path(fromEnvironment, ENVIRONMENT_VARIABLE),
                    Origin.ENVIRONMENT);
        }
        return new ConfigLocation(DEFAULT_PATH, Origin.DEFAULT);
    }

    private static Path path(String text, String namedBy) throws ConfigException {
        try {
            return RegularFiles.path(text);
        } catch (RegularFiles.Unreadable e) {
            throw new ConfigException(Diagnostic.error(namedBy, 0, 0, "the configuration file "
                    + Quote.of(text) + " is " + e.getMessage()));
        }
    }

    /** The path as messages name it. */
    public String source() {
        return path.toString();
    }
}
