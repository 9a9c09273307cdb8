package io.pmsocks.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The safety net behind every {@code close()}: what a test forgot to close, or could not close because the JVM was
 * asked to end, is closed by a shutdown hook, so that no namespace or server outlives the test run.
 */
final class ShutdownCleanup {

    private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private ShutdownCleanup() {
    }

    static synchronized void register(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::closeAll, "pmsocks-testkit-cleanup"));
            hookInstalled = true;
        }
        OPEN.add(resource);
    }

    static synchronized void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        List<AutoCloseable> open;
        synchronized (ShutdownCleanup.class) {
            open = new ArrayList<>(OPEN);
        }
        // newest first: a server started in a topology goes before the topology
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                System.err.println("pmsocks-testkit: cleanup of " + open.get(i) + " failed: " + e);
            }
        }
    }
}
