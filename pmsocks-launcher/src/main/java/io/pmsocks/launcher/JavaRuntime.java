package io.pmsocks.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Java runtime a program runs on, as its {@code release} file describes it: the version,
 * and the modules of an image that jlink made (jpackage'd applications ship such images). The
 * Java agent needs Java 17 or newer and the {@code java.instrument} module; a program whose
 * runtime lacks either is refused before it starts, rather than failing inside its JVM.
 *
 * @param home the runtime's directory (where {@code release} is)
 * @param version {@code JAVA_VERSION}, such as {@code 17.0.15} or {@code 1.8.0_412}
 * @param modules {@code MODULES}, or {@code null} when the file does not list them
 */
record JavaRuntime(Path home, String version, List<String> modules) {

    /** The oldest Java the agent runs on. */
    static final int MINIMUM_FEATURE = 17;

    JavaRuntime {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(version, "version");
        modules = modules == null ? null : List.copyOf(modules);
    }

    /**
     * The runtime in {@code home}, or {@code null} when it has no readable {@code release} file
     * with a {@code JAVA_VERSION} (then nothing is known, and nothing is refused).
     */
    static JavaRuntime at(Path home) {
        List<String> lines;
        try {
            lines = Files.readAllLines(home.resolve("release"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                String value = line.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, equals).strip(), value);
            }
        }
        String version = values.get("JAVA_VERSION");
        if (version == null) {
            return null;
        }
        String modules = values.get("MODULES");
        return new JavaRuntime(home, version, modules == null ? null
                : Arrays.asList(modules.strip().split("\\s+")));
    }

    /** The feature release: 8 for {@code 1.8.0_412}, 17 for {@code 17.0.15}; 0 if unreadable. */
    int feature() {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Why the Java agent cannot run on this runtime, for after "pmsocks: PROGRAM runs on ",
     * or {@code null} when it can (or when the version cannot be read: the agent then checks
     * for itself).
     */
    String problem() {
        int feature = feature();
        if (feature > 0 && feature < MINIMUM_FEATURE) {
            return "Java " + version + " (" + home + "), but the Java agent needs Java "
                    + MINIMUM_FEATURE + " or newer";
        }
        if (modules != null && !modules.contains("java.instrument")) {
            return "the Java runtime " + home + ", an image without the java.instrument module"
                    + " (see its release file), where no Java agent can load: add"
                    + " java.instrument to the image (jlink --add-modules java.instrument), or"
                    + " run the program on a full Java runtime";
        }
        return null;
    }
}
