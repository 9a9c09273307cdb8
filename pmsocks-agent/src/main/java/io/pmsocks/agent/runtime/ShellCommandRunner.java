package io.pmsocks.agent.runtime;

import io.pmsocks.config.Destination;
import io.pmsocks.config.Rule;
import io.pmsocks.config.ServiceNames;
import io.pmsocks.config.ShellCommand;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Runs the {@code : shell_cmd} of the rule that decided a connect (deny included) with
 * {@code /bin/sh -c}, its standard streams on {@code /dev/null}; the connect waits for it.
 */
final class ShellCommandRunner {

    private static final File DEV_NULL = new File("/dev/null");

    private final DebugLog log;
    private final String effectiveUser;
    private final String loginName;
    /** Looked up on the first command only (most configurations have none; the process
     * id alone starts a thread pool in the JDK). */
    private volatile Local local;

    private record Local(String hostName, String address, long processId,
            ServiceNames services) {
    }

    ShellCommandRunner(DebugLog log, String effectiveUser) {
        this.log = log;
        this.effectiveUser = effectiveUser;
        String login = System.getenv("LOGNAME");
        this.loginName = login != null && !login.isEmpty() ? login : effectiveUser;
    }

    void runFor(Rule rule, Destination destination) {
        if (rule == null || rule.shellCommand() == null) {
            return;
        }
        Local here = local();
        String command = new ShellCommand(rule.shellCommand()).expand(ShellCommand.Context.of(
                destination, here.services().tcpName(destination.port()).orElse(null),
                here.hostName(), here.address(), here.processId(), loginName, effectiveUser));
        if (log.enabled()) {
            log.log("line " + rule.line() + ": running /bin/sh -c '" + command + "'");
        }
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            Process process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(DEV_NULL)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int status = process.waitFor();
            if (status != 0 && log.enabled()) {
                log.log("line " + rule.line() + ": shell command exited with status " + status);
            }
        } catch (IOException e) {
            System.err.println(DebugLog.PREFIX + rule.source() + ":" + rule.line()
                    + ": cannot run the shell command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Local local() {
        Local known = local;
        if (known == null) {
            String hostName = null;
            String address = null;
            try (AgentWork.Scope ignored = AgentWork.enter()) {
                InetAddress self = InetAddress.getLocalHost();
                hostName = self.getHostName();
                address = self.getHostAddress();
            } catch (UnknownHostException e) {
                // %A and %a become "unknown"
            }
            known = new Local(hostName, address, ProcessHandle.current().pid(),
                    ServiceNames.system());
            local = known;
        }
        return known;
    }
}
