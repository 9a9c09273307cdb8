package io.pmsocks.benchmarks.noopagent;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: the baseline of the start-up benchmark. Whatever any agent
 * costs (opening its jar, the instrument module, calling premain) is in both measurements, so
 * the ratio shows what pmsocks adds.
 */
public final class NoopAgent {

    private NoopAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // nothing: see the class comment
    }
}
