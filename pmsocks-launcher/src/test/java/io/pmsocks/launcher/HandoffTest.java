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
        assertEquals("run-java 2\n-javaagent:/x.jar\n",
                new Handoff.RunJava(2, "-javaagent:/x.jar").text());
        assertEquals("run-tool-options 0\n'-javaagent:/a b.jar'\n",
                new Handoff.RunWithToolOptions(0, "'-javaagent:/a b.jar'").text());
    }
}
