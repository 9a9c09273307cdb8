package io.pmsocks.benchmarks.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process and all its descendants, from {@code /proc}: how much of a
 * connect's cost is the sockd's. Dante serves each client with processes of its own, so its
 * main process alone would miss most of it.
 */
final class ProcessTreeCpu {

    /** Clock ticks per second of {@code /proc/PID/stat}; Linux reports 100 on every usual build. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessTreeCpu() {
    }

    /**
     * Microseconds of user and system time of {@code pid}, its live descendants, and the ended
     * children they waited for.
     */
    static long micros(long pid) {
        long ticks = ticks(pid);
        try (Stream<ProcessHandle> descendants = ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)) {
            ticks += descendants.mapToLong(handle -> ticks(handle.pid())).sum();
        }
        return Math.round(ticks * 1_000_000 / TICKS_PER_SECOND);
    }

    /** utime + stime + cutime + cstime of one process; 0 once it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "PID (COMMAND) STATE PPID ...": COMMAND may hold spaces, so count fields after ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime..cstime are fields 14..17
            long sum = 0;
            for (int field = 14; field <= 17; field++) {
                sum += Long.parseLong(fields[field - 3]);
            }
            return sum;
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
