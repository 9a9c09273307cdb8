package io.pmsocks.launcher;

/** Entry point of {@code bin/pmsocks}; the only place that ends the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // slf4j-simple shows the thread name in brackets: this makes debug lines start with
        // "[pmsocks] ", like the Java agent's.
        Thread.currentThread().setName("pmsocks");
        System.exit(PmsocksCommand.commandLine(LaunchEnvironment.current()).execute(args));
    }
}
