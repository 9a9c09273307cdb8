package io.pmsocks.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A JDK that child JVMs run on, named by the version in its {@code release} file.
 *
 * @param home    the JDK's home, holding {@code bin/java}
 * @param version {@code JAVA_VERSION} from its {@code release} file, such as {@code 17.0.15}
 */
public record Jdk(Path home, String version) {

    public Jdk {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(version, "version");
    }

    /** Reads the version of the JDK at {@code home}; fails when it has no {@code bin/java}. */
    public static Jdk at(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw new IllegalArgumentException(home + " is not a JDK: it has no bin/java");
        }
        String version = "unknown version";
        Path release = home.resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + release, e);
        }
        return new Jdk(home, version);
    }

    /** The JDK this driver runs on. */
    public static Jdk current() {
        return at(Path.of(System.getProperty("java.home")));
    }

    @Override
    public String toString() {
        return "JDK " + version + " (" + home + ")";
    }
}
