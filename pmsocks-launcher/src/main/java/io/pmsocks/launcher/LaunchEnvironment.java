package io.pmsocks.launcher;

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
 */
public record LaunchEnvironment(
        Map<String, String> variables, String effectiveUser, Path home, HostResolver resolver) {

    /** The system property through which {@code bin/pmsocks} names the distribution. */
    public static final String HOME_PROPERTY = "pmsocks.home";

    public LaunchEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(effectiveUser, "effectiveUser");
        Objects.requireNonNull(resolver, "resolver");
    }

    /** The running JVM's environment, user, distribution and resolver. */
    public static LaunchEnvironment current() {
        String home = System.getProperty(HOME_PROPERTY);
        return new LaunchEnvironment(System.getenv(), System.getProperty("user.name"),
                home == null || home.isEmpty() ? null : Path.of(home), HostResolver.system());
    }

    /** The distribution's {@code etc/pcp_socks.conf}, or {@code null} when not known. */
    public Path shippedConfig() {
        return home == null ? null : home.resolve("etc").resolve("pcp_socks.conf");
    }
}
