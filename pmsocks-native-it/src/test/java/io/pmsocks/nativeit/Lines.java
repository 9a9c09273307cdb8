package io.pmsocks.nativeit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Standard output of the probes and servers: whole lines, flushed at once, never interleaved. */
final class Lines {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private Lines() {
    }

    static synchronized void println(String line) {
        OUT.println(line);
    }

    /** {@code failure CLASS: MESSAGE}, then {@code cause CLASS: MESSAGE} for each cause. */
    static void failure(Throwable failure) {
        println("failure " + failure);
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            println("cause " + cause);
        }
    }
}
