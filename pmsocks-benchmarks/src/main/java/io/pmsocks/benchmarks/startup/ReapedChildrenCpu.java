package io.pmsocks.benchmarks.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of this JVM's children that have ended and been waited for ({@code cutime} and
 * {@code cstime} of {@code /proc/self/stat}): the user and system time of a child JVM, which
 * unlike its wall time does not grow while it waits for a core that other work holds. Its unit
 * is the clock tick (10 ms), coarse next to one start-up, so only medians of many are worth
 * reading.
 */
final class ReapedChildrenCpu {

    private static final double MILLIS_PER_TICK = 10;

    private ReapedChildrenCpu() {
    }

    static double millis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17
            return (Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3])) * MILLIS_PER_TICK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/stat", e);
        }
    }
}
