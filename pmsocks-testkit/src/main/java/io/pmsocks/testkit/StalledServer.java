package io.pmsocks.testkit;

import java.io.IOException;

/**
 * A server that accepts connections and then never reads, writes or closes them: a hung sockd or destination.
 * Run as {@code java -cp TESTKIT io.pmsocks.testkit.StalledServer ADDRESS PORT}; prints {@code ready ...} and
 * {@code accepted ...} lines like {@link EchoServer}.
 */
public final class StalledServer {

    private StalledServer() {
    }

    public static void main(String[] args) throws IOException {
        ServerMain.rest(args, "StalledServer ADDRESS PORT");
        ServerMain.serve(args, connection -> {
            ServerMain.hold(connection);
            return true;
        });
    }
}
