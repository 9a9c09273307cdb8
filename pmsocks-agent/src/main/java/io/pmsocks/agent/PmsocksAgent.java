package io.pmsocks.agent;

import io.pmsocks.agent.install.Startup;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent:pmsocks-agent.jar[=options]} and attach. Kept
 * tiny; {@link Startup} does the work.
 */
public final class PmsocksAgent {

    private PmsocksAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        Startup.atLaunch(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        Startup.attached(arguments, instrumentation);
    }
}
