package io.pmsocks.launcher;

import io.pmsocks.config.EffectiveUser;
import io.pmsocks.config.HostResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the command reads from the process it runs in, gathered in one value so that
 * tests can hand it their own.
 *
 * @param variables the environment ({@code PMSOCKS_CONFIG}, {@code SOCKS_SERVER}, ...)
 * @param effectiveUser the user name that {@code *=} lists are compared with
 * @param home the distribution directory ({@code bin/ lib/ etc/}), or {@code null} when the
 *     command does not run from one (then no shipped default file can be suggested)
 * @param resolver resolves host names, in the configuration and for {@code --explain}
 * @param handoff where to write the {@link Handoff} plan for {@code bin/pmsocks}, or
 *     {@code null} when the launcher was not started by it (then it cannot run programs)
 */
public record LaunchEnvironment(Map<String, String> variables, String effectiveUser, Path home,
        HostResolver resolver, Path handoff) {

    /** The system property through which {@code bin/pmsocks} names the distribution. */
    public static final String HOME_PROPERTY = "pmsocks.home";

    /**
     * The variable through which {@code bin/pmsocks} passes the program's
     * {@code JAVA_TOOL_OPTIONS} (set only when that is set): the launcher's own JVM must not
     * read the original, which may hold options or agents meant for the program.
     */
    public static final String PROGRAM_TOOL_OPTIONS = "PMSOCKS_JAVA_TOOL_OPTIONS";

    public LaunchEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(effectiveUser, "effectiveUser");
        Objects.requireNonNull(resolver, "resolver");
    }

    /** Without a hand-off: for everything but running a program or probing. */
    public LaunchEnvironment(Map<String, String> variables, String effectiveUser, Path home,
            HostResolver resolver) {
        this(variables, effectiveUser, home, resolver, null);
    }

    /** The running JVM's environment, user, distribution, resolver and hand-off. */
    public static LaunchEnvironment current() {
        return new LaunchEnvironment(System.getenv(), EffectiveUser.name(),
                pathProperty(HOME_PROPERTY), HostResolver.system(),
                pathProperty(Handoff.PROPERTY));
    }

    private static Path pathProperty(String name) {
        String value = System.getProperty(name);
        return value == null || value.isEmpty() ? null : Path.of(value);
    }

    /** {@code lib/NAME} of the distribution, or {@code null} when not known. */
    public Path library(String name) {
        return home == null ? null : home.resolve("lib").resolve(name);
    }

    /** The distribution's {@code etc/pcp_socks.conf}, or {@code null} when not known. */
    public Path shippedConfig() {
        return home == null ? null : home.resolve("etc").resolve("pcp_socks.conf");
    }
}
