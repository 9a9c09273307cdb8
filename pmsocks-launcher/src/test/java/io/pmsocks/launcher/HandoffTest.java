package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's text, which bin/pmsocks reads line by line and decodes with printf %b. */
class HandoffTest {

    @Test
    void everyValueStaysOnOneLine() {
        assertEquals("exec-java\n/a\\\\b\n/line\\none\n\n",
                new Handoff.ExecJava(List.of("/a\\b", "/line\none", "")).text());
    }

    @Test
    void runStepsNameTheCountOfPmsocksOwnArguments() {
        assertEquals("run-java 2\n-javaagent:/x.jar\nkeep\n",
                new Handoff.RunJava(2, "-javaagent:/x.jar", new Handoff.ToolOptions.Keep())
                        .text());
        assertEquals("run-tool-options 0\nset -Xss1m '-javaagent:/a b.jar'\n",
                new Handoff.RunWithToolOptions(0, new Handoff.ToolOptions.Set(
                        "-Xss1m '-javaagent:/a b.jar'")).text());
    }

    @Test
    void javaToolOptionsChangeOnlyWhenAnAgentWasTakenOut() {
        assertEquals("keep", Handoff.ToolOptions.of(null, null).line());
        assertEquals("keep", Handoff.ToolOptions.of("-Xss1m", "-Xss1m").line());
        assertEquals("unset", Handoff.ToolOptions.of("-javaagent:/p/pmsocks-agent.jar", "").line());
        assertEquals("set -Xss1m\\n", Handoff.ToolOptions.of("-Xss1m\n -javaagent:/x/"
                + "pmsocks-agent.jar", "-Xss1m\n").line());
    }
}
