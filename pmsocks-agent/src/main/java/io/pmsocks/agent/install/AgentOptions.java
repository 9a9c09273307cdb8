package io.pmsocks.agent.install;

import io.pmsocks.config.ConfigException;
import io.pmsocks.config.Diagnostic;
import io.pmsocks.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -javaagent:pmsocks-agent.jar=config=FILE,debug}: comma-separated {@code key=value}
 * pairs and flags, each key mirroring an environment variable ({@link Settings.Key}).
 */
final class AgentOptions {

    private AgentOptions() {
    }

    static Map<String, String> parse(String arguments) throws ConfigException {
        Map<String, String> options = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return options;
        }
        List<Diagnostic> errors = new ArrayList<>();
        for (String part : arguments.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String key = equals < 0 ? trimmed : trimmed.substring(0, equals).trim();
            String value = equals < 0 ? "" : trimmed.substring(equals + 1).trim();
            String problem = Settings.optionProblem(key);
            if (problem != null) {
                errors.add(Diagnostic.error("agent options", 0, 0, problem));
            } else {
                options.put(key, value);
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return options;
    }
}
