package io.pmsocks.pcpclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A finished run of the packaged client jar: its status and what it printed.
 * It runs without the PMCD_* variables and JAVA_TOOL_OPTIONS of the build's environment, which
 * would change the port it uses or load an agent into it.
 */
record ChildRun(int status, String out, String err) {

    static ChildRun of(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PMCD_") || name.equals("JAVA_TOOL_OPTIONS"));
        Path err = Files.createTempFile("child-", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("did not finish within 60 s: " + command);
            }
            return new ChildRun(process.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
