package io.pmsocks.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, printed with every table: numbers measured beside other builds say so. */
public final class LoadAverage {

    private LoadAverage() {
    }

    /** The 1, 5 and 15 minute load averages as {@code /proc/loadavg} gives them. */
    public static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
