package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.it.ProcessTable;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.Destination;
import io.pmsocks.config.Rule;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandRunnerTest {

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();
    private final ShellCommandRunner runner = new ShellCommandRunner(DebugLog.to(debug), "tester");

    @TempDir
    Path directory;

    @Test
    void commandStillRunningAtTheDeadlineIsKilledWithWhatItStartedAndTheConnectTimesOut()
            throws Exception {
        // sleep's argument is the marker by which its process is found: a fractional number
        // of seconds no other process on the machine has on its command line
        String marker = "1000." + System.nanoTime();
        // "; true" keeps the shell waiting as the sleep's parent instead of exec'ing it
        Rule rule = rule("deny ALL : sleep " + marker + "; true");

        SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class,
                () -> runner.runFor(rule, destination(), Deadline.afterMillis(1000)));

        assertEquals("test.conf:1: shell command: timed out after 1 s", timeout.getMessage());
        List<Long> left = ProcessTable.awaitNoneWithArgument(marker, Duration.ofSeconds(10));
        left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        assertEquals(List.of(), left, "the sleep must be gone");
        assertTrue(debugText().contains("[pmsocks] line 1: shell command still running after"
                + " 1 s: killed it and the 1 process(es) it started"), debugText());
    }

    @Test
    void commandEndingInTimeLetsTheConnectGoOn() throws Exception {
        Path out = directory.resolve("ran");
        Rule rule = rule("deny ALL : echo %c %s > " + out);

        runner.runFor(rule, destination(), Deadline.afterMillis(30_000));

        assertEquals(List.of("connect 44321"), Files.readAllLines(out));
    }

    @Test
    void localHostIsSubstitutedWhenTheCommandAsksForIt() throws Exception {
        Path out = directory.resolve("ran");
        InetAddress self = InetAddress.getLocalHost();

        runner.runFor(rule("deny ALL : echo %A %a %s > " + out), destination(),
                Deadline.afterMillis(30_000));

        assertEquals(List.of(self.getHostName() + " " + self.getHostAddress() + " 44321"),
                Files.readAllLines(out));
    }

    @Test
    void commandWithoutADeadlineIsBoundedByTheDefault() {
        assertEquals(60, ShellCommandRunner.DEFAULT_BOUND.toSeconds(),
                "the documented default bound (README, pcp_socks.conf(5))");
    }

    private static Rule rule(String line) throws Exception {
        return ConfigLoader.withoutNameResolution().load("test.conf", line + "\n", null)
                .rules().get(0);
    }

    private static Destination destination() throws Exception {
        return Destination.of(InetAddress.getByName("192.0.2.1"), 44321);
    }

    private String debugText() {
        return debug.toString(StandardCharsets.UTF_8);
    }
}
