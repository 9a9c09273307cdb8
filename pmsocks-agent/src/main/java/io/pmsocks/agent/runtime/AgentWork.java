package io.pmsocks.agent.runtime;

/**
 * Marks the stretches of a thread during which the agent itself connects (to sockd, to a name
 * server) so that those connects are not routed again. A depth counter rather than a flag, so
 * that nested work (a name lookup while connecting to sockd) unwinds correctly.
 */
final class AgentWork {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private AgentWork() {
    }

    static boolean isActive() {
        return DEPTH.get()[0] > 0;
    }

    /** Use as {@code try (AgentWork.Scope ignored = AgentWork.enter()) { ... }}. */
    static Scope enter() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return new Scope(depth);
    }

    static final class Scope implements AutoCloseable {
        private final int[] depth;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            depth[0]--;
        }
    }
}
