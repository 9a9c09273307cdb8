package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JAVA_TOOL_OPTIONS read as the JVM reads it, and a pmsocks agent taken out of it. */
class JavaToolOptionsTest {

    @TempDir
    Path directory;

    @Test
    void wordsSplitAtBlanksAndQuotesJoinAsTheJvmsParserDoes() {
        assertEquals(List.of("-Da=b c", "it's", "-Xss1m"), JavaToolOptions.words(
                " '-Da=b c'\tit\"'\"s  -Xss1m ").stream().map(JavaToolOptions.Word::value)
                .toList());
    }

    @Test
    void anEarlierPmsocksAgentIsTakenOutAndTheOtherWordsStayAsWritten() {
        String text = "-Dx='a  b' -javaagent:/old/lib/pmsocks-agent.jar=config=/etc/old.conf"
                + "  '-javaagent:/my dir/lib/pmsocks-agent.jar=config=/a b' -Xss1m";
        assertEquals("-Dx='a  b' -Xss1m", JavaToolOptions.withoutPmsocksAgents(text));
        assertEquals("", JavaToolOptions.withoutPmsocksAgents(
                " -javaagent:pmsocks-agent.jar "));
    }

    @Test
    void otherAgentsStay() {
        String text = "-javaagent:/opt/otel/opentelemetry-javaagent.jar -javaagent:/x/pmsocks.jar";
        assertEquals(text, JavaToolOptions.withoutPmsocksAgents(text));
    }

    @Test
    void aRenamedPmsocksAgentIsKnownByItsManifest() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "io.pmsocks.agent.PmsocksAgent");
        Path jar = directory.resolve("routing.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        assertEquals("-Xss1m", JavaToolOptions.withoutPmsocksAgents(
                "-javaagent:" + jar + "=debug -Xss1m"));
    }

    @Test
    void theAgentWordGoesAfterTheOthers() {
        assertEquals("-Xss1m -javaagent:/a.jar", JavaToolOptions.append("-Xss1m",
                "-javaagent:/a.jar"));
        assertEquals("-javaagent:/a.jar", JavaToolOptions.append(null, "-javaagent:/a.jar"));
        assertEquals("-javaagent:/a.jar", JavaToolOptions.append(" ", "-javaagent:/a.jar"));
    }
}
