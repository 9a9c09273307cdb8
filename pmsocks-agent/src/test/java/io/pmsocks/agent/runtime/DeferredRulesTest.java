package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.Destination;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredRulesTest {

    private static final String TEXT = "direct localhost 255.255.255.255\ndeny ALL\n";

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final DeferredRules rules = new DeferredRules("test.conf", TEXT, null,
            DebugLog.to(debug));

    private static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static Destination outside() throws Exception {
        return Destination.of(InetAddress.getByName("192.0.2.1"), 44321);
    }

    @Test
    void loopbackIsDecidedWithoutResolvingTheRules() throws Exception {
        String decision = rules.decide(Destination.of(InetAddress.getByName("127.0.0.1"), 44321),
                "tester").explain();

        assertEquals("direct (loopback)", decision);
        assertEquals(List.of(), lines(debug), "no host name may be resolved for loopback");
    }

    @Test
    void hostNamesAreResolvedOnceAtTheFirstDecisionOfTheRules() throws Exception {
        assertEquals("deny (line 2)", rules.decide(outside(), "tester").explain());
        assertEquals("deny (line 2)", rules.decide(outside(), "tester").explain());

        assertEquals(List.of("[pmsocks] host names of test.conf resolved"), lines(debug));
    }

    @Test
    void warningsArePrintedOnceWithThePrefixAndTheTextOfCheckDebugOff() throws Exception {
        String text = "sockd 10.9.0.0 255.255.0.0\ndeny *=/nonexistent/pmsocks-users ALL\n";
        DeferredRules warned = new DeferredRules("test.conf", text, null, DebugLog.to(null),
                null, new PrintStream(stderr, true, StandardCharsets.UTF_8));
        List<String> expected = new ArrayList<>();
        ConfigLoader.withoutNameResolution().load("test.conf", text, null).warnings()
                .forEach(warning -> expected.add("[pmsocks] " + warning));

        for (int connect = 0; connect < 3; connect++) {
            warned.decide(outside(), "tester");
        }

        assertEquals(2, expected.size(), expected.toString());
        assertEquals(expected, lines(stderr));
    }

    @Test
    void concurrentFirstDecisionsResolveExactlyOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        DeferredRules slow = heldAtResolution(loads, release);
        List<Thread> deciders = new ArrayList<>();
        List<String> decisions = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 16; i++) {
            Thread decider = new Thread(() -> {
                try {
                    decisions.add(slow.decide(outside(), "tester").explain());
                } catch (Exception e) {
                    decisions.add(e.toString());
                }
            });
            decider.start();
            deciders.add(decider);
        }
        awaitAllWaiting(deciders);
        release.countDown();
        for (Thread decider : deciders) {
            decider.join();
        }

        assertEquals(1, loads.get());
        assertEquals(16, decisions.size());
        assertEquals(List.of("deny (line 2)"), decisions.stream().distinct().toList());
    }

    /**
     * A monitor held across the resolution pins a virtual thread's carrier on JDK 21 to 23,
     * both for the thread resolving and for every thread blocked on it: those threads show up
     * BLOCKED. Threads waiting for the resolution must park instead (WAITING).
     */
    @Test
    void threadsWaitingForTheFirstResolutionParkInsteadOfBlockingOnAMonitor() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        DeferredRules slow = heldAtResolution(loads, release);
        Thread first = new Thread(() -> decideQuietly(slow));
        first.start();
        awaitNotRunnable(first);
        Thread second = new Thread(() -> decideQuietly(slow));
        second.start();

        Thread.State waiting = awaitNotRunnable(second);
        release.countDown();
        first.join();
        second.join();

        assertEquals(Thread.State.WAITING, waiting);
    }

    /** Rules whose resolution counts itself in {@code loads} and waits for {@code release}. */
    private DeferredRules heldAtResolution(AtomicInteger loads, CountDownLatch release) {
        return new DeferredRules("test.conf", TEXT, null, DebugLog.to(debug), () -> {
            loads.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return ConfigLoader.withoutNameResolution().load("test.conf", TEXT, null);
        }, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private static void decideQuietly(DeferredRules rules) {
        try {
            rules.decide(outside(), "tester");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state a thread settles in once it stops running (blocked, parked). */
    private static Thread.State awaitNotRunnable(Thread thread) throws InterruptedException {
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.BLOCKED || state == Thread.State.WAITING) {
                return state;
            }
            Thread.sleep(1);
        }
    }

    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            awaitNotRunnable(thread);
        }
    }
}
