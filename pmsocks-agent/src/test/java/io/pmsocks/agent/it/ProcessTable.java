package io.pmsocks.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The machine's processes as {@code /proc} lists them (one PID namespace for every test). */
public final class ProcessTable {

    private ProcessTable() {
    }

    /**
     * Process ids whose command line has {@code argument} as one of its words, once there are
     * none or {@code limit} has passed: a process that was sent SIGKILL ends when the kernel
     * next schedules it, not within the {@code kill} call. A zombie's command line is empty.
     */
    public static List<Long> awaitNoneWithArgument(String argument, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Long> found = withArgument(argument);
        while (!found.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
            found = withArgument(argument);
        }
        return found;
    }

    /** Process ids whose command line has {@code argument} as one of its words. */
    public static List<Long> withArgument(String argument) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    continue;
                }
                byte[] commandLine;
                try {
                    commandLine = Files.readAllBytes(entry.resolve("cmdline"));
                } catch (IOException ended) {
                    continue;
                }
                for (String word : new String(commandLine, StandardCharsets.UTF_8).split("\0")) {
                    if (word.equals(argument)) {
                        found.add(Long.parseLong(name));
                    }
                }
            }
        }
        return found;
    }
}
