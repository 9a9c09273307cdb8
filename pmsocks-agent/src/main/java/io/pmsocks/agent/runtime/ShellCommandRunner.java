package io.pmsocks.agent.runtime;

import io.pmsocks.config.Destination;
import io.pmsocks.config.Rule;
import io.pmsocks.config.ServiceNames;
import io.pmsocks.config.ShellCommand;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code : shell_cmd} of the rule that decided a connect (deny included) with
 * {@code /bin/sh -c}, its standard streams on {@code /dev/null}; the connect waits for it,
 * within the connect's deadline. A command still running when the time is up is killed with
 * every process it started, and the connect fails as a timed-out connect does.
 */
final class ShellCommandRunner {

    /**
     * How long a shell command may hold up a connect that has no deadline of its own (no
     * application timeout, not a pmcd port): a hung command must not hold a connect forever.
     * The same bound as a blocking connect through a proxy without a timeout.
     */
    static final Duration DEFAULT_BOUND = ConnectRouter.DEFAULT_CONNECT_BOUND;

    private static final File DEV_NULL = new File("/dev/null");

    private final DebugLog log;
    private final String effectiveUser;
    private final String loginName;
    /** Looked up on the first command only (most configurations have none; the process
     * id alone starts a thread pool in the JDK). */
    private volatile Local local;
    /**
     * This host's name and address, looked up at the first command that substitutes them:
     * that lookup can wait for a name server, outside any connect's deadline, so commands
     * without {@code %A} or {@code %a} never pay for it.
     */
    private volatile LocalHost localHost;

    private record Local(long processId, ServiceNames services) {
    }

    /** {@code null} parts become {@code unknown} in the command. */
    private record LocalHost(String name, String address) {
        static final LocalHost UNKNOWN = new LocalHost(null, null);
    }

    ShellCommandRunner(DebugLog log, String effectiveUser) {
        this.log = log;
        this.effectiveUser = effectiveUser;
        String login = System.getenv("LOGNAME");
        this.loginName = login != null && !login.isEmpty() ? login : effectiveUser;
    }

    /** {@link #runFor(Rule, Destination, Deadline)} bounded by {@link #DEFAULT_BOUND} alone. */
    void runFor(Rule rule, Destination destination) throws SocketTimeoutException {
        runFor(rule, destination, Deadline.NONE);
    }

    /**
     * Runs the rule's command, if it has one, and waits for it until {@code deadline}
     * ({@link Deadline#NONE}: {@link #DEFAULT_BOUND}).
     *
     * @throws SocketTimeoutException the command was still running when the time was up; it
     *     and every process it started have been killed
     */
    void runFor(Rule rule, Destination destination, Deadline deadline)
            throws SocketTimeoutException {
        if (rule == null || rule.shellCommand() == null) {
            return;
        }
        Deadline bound = deadline.isSet() ? deadline
                : Deadline.afterMillis(DEFAULT_BOUND.toMillis());
        Local here = local();
        String template = rule.shellCommand();
        // %%A also counts: a needless lookup once, rather than parsing the command twice
        LocalHost host = template.contains("%A") || template.contains("%a") ? localHost()
                : LocalHost.UNKNOWN;
        String command = new ShellCommand(template).expand(ShellCommand.Context.of(
                destination, here.services().tcpName(destination.port()).orElse(null),
                host.name(), host.address(), here.processId(), loginName, effectiveUser));
        if (log.enabled()) {
            log.log("line " + rule.line() + ": running /bin/sh -c '" + command + "'");
        }
        Process process;
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(DEV_NULL)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println(DebugLog.PREFIX + rule.source() + ":" + rule.line()
                    + ": cannot run the shell command: " + e.getMessage());
            return;
        }
        if (!awaitWithin(process, bound)) {
            int killed = killTree(process);
            if (log.enabled()) {
                log.log("line " + rule.line() + ": shell command still running after "
                        + bound.describe() + ": killed it and the " + killed
                        + " process(es) it started");
            }
            throw bound.expired(rule.source() + ":" + rule.line() + ": shell command");
        }
        int status = process.exitValue();
        if (status != 0 && log.enabled()) {
            log.log("line " + rule.line() + ": shell command exited with status " + status);
        }
    }

    /**
     * Whether the command ended before the deadline. An interrupt ends the wait too: the
     * command is then killed, and the interrupt left for the connect to act on.
     */
    private static boolean awaitWithin(Process process, Deadline bound) {
        try {
            long left = Math.max(0, bound.atNanos() - System.nanoTime());
            return process.waitFor(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Kills {@code process} and its descendants with SIGKILL. Java reaches no process group,
     * so the tree is listed first (a process whose parent is gone is re-parented and no longer
     * found from it), then killed; only a fork racing the kill, or a command that detaches
     * itself (setsid, a daemon), escapes.
     *
     * @return how many descendants were killed
     */
    private static int killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle descendant : descendants) {
            descendant.destroyForcibly();
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return descendants.size();
    }

    private Local local() {
        Local known = local;
        if (known == null) {
            known = new Local(ProcessHandle.current().pid(), ServiceNames.system());
            local = known;
        }
        return known;
    }

    private LocalHost localHost() {
        LocalHost known = localHost;
        if (known == null) {
            try (AgentWork.Scope ignored = AgentWork.enter()) {
                InetAddress self = InetAddress.getLocalHost();
                known = new LocalHost(self.getHostName(), self.getHostAddress());
            } catch (UnknownHostException e) {
                known = LocalHost.UNKNOWN; // %A and %a become "unknown"
            }
            localHost = known;
        }
        return known;
    }
}
