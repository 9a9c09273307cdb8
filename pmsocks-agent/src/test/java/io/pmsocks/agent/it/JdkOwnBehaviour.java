package io.pmsocks.agent.it;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.LocalHost;
import io.pmsocks.testkit.TestServer;
import java.time.Duration;

/**
 * What the JDK itself answers, without the agent: a {@link HardeningProbe} mode run on
 * loopback against an echo server of its own, so that a test can require the agent to leave
 * the JDK's exceptions (whose texts differ between JDK versions) exactly as they are.
 */
final class JdkOwnBehaviour {

    private static final Duration RUN = Duration.ofSeconds(60);

    private JdkOwnBehaviour() {
    }

    /** {@code HardeningProbe MODE 127.0.0.1 ECHO 127.0.0.1 9} without the agent. */
    static CommandResult of(String mode) {
        try (LocalHost local = LocalHost.create();
                TestServer echo = TestServer.echoWithGreeting(local, "127.0.0.1", 0)) {
            return ChildJvm.forMainClass(HardeningProbe.class)
                    .withArguments(mode, "127.0.0.1", Integer.toString(echo.port()), "127.0.0.1",
                            "9")
                    .runIn(local, RUN);
        }
    }
}
