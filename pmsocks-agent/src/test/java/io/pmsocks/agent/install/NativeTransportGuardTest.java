package io.pmsocks.agent.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.install.NativeTransportGuard.Transport;
import io.pmsocks.agent.runtime.DebugLog;
import io.pmsocks.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard finds Netty's availability classes by name under any prefix, and a class it switched off reports its
 * transport unavailable with the {@code pmsocks:} message, whether it is defined after the agent started or was
 * initialised before an attach. The class switched off is a fixture of the same shape as Netty's, relocated.
 */
class NativeTransportGuardTest {

    private static final String FIXTURE = "relocated.fixture.io.netty.channel.epoll.Epoll";
    private static final String FIXTURE_PROPERTY = "relocated.fixture.io.netty.transport.noNative";

    @AfterEach
    void clearProperty() {
        System.clearProperty(FIXTURE_PROPERTY);
    }

    @Test
    void matchesEachTransportUnderAnyPrefixByItsWholeName() {
        assertSame(Transport.EPOLL, Transport.of("io/netty/channel/epoll/Epoll"));
        assertSame(Transport.EPOLL, Transport.of("io/grpc/netty/shaded/io/netty/channel/epoll/Epoll"));
        assertSame(Transport.KQUEUE, Transport.of("io/netty/channel/kqueue/KQueue"));
        assertSame(Transport.IO_URING, Transport.of("io/netty/channel/uring/IoUring"));
        assertSame(Transport.IO_URING_INCUBATOR, Transport.of("io/netty/incubator/channel/uring/IOUring"));
        assertEquals("io.grpc.netty.shaded.",
                Transport.EPOLL.prefixOf("io/grpc/netty/shaded/io/netty/channel/epoll/Epoll"));
        assertEquals("", Transport.EPOLL.prefixOf("io/netty/channel/epoll/Epoll"));

        assertNull(Transport.of("io/netty/channel/epoll/EpollSocketChannel"));
        assertNull(Transport.of("xio/netty/channel/epoll/Epoll"), "a prefix ends at a package boundary");
        assertNull(Transport.of("io/netty/channel/nio/NioEventLoop"));
    }

    @Test
    void theFixtureIsAvailableUntilTheGuardSwitchesItOff() throws Throwable {
        Class<?> untouched = define(fixtureBytes());

        assertEquals(true, call(untouched, "isAvailable"));
        assertNull(call(untouched, "unavailabilityCause"));
    }

    @Test
    void aClassDefinedAfterStartUpIsSwitchedOffByItsRelocatedProperty() throws Throwable {
        byte[] original = fixtureBytes();

        byte[] transformed = guard().transform(null, null, FIXTURE.replace('.', '/'), null, null, original);
        Class<?> epoll = define(transformed);

        assertEquals("true", System.getProperty(FIXTURE_PROPERTY));
        assertEquals(false, call(epoll, "isAvailable"));
        UnsatisfiedLinkError failure = assertThrows(UnsatisfiedLinkError.class, () -> call(epoll, "ensureAvailability"));
        assertEquals(Transport.EPOLL.failure(), failure.getMessage());
        assertTrue(failure.getMessage().startsWith("pmsocks: Netty's native epoll transport is switched off"),
                failure.getMessage());
        assertEquals("pmsocks switched Netty's native transports off (" + FIXTURE_PROPERTY + "=true): they connect"
                + " in native code, which pmsocks cannot route", failure.getCause().getMessage());
    }

    @Test
    void aClassInitialisedBeforeAnAttachIsRewovenToReportItselfUnavailable() throws Throwable {
        byte[] original = fixtureBytes();
        assertEquals(true, call(define(original), "isAvailable"), "initialised without the property");

        byte[] rewoven = guard().transform(null, null, FIXTURE.replace('.', '/'), Object.class, null, original);
        Class<?> epoll = define(rewoven);

        assertEquals(false, call(epoll, "isAvailable"));
        UnsatisfiedLinkError failure = assertThrows(UnsatisfiedLinkError.class, () -> call(epoll, "ensureAvailability"));
        assertEquals(Transport.EPOLL.failure(), failure.getMessage());
        Throwable cause = (Throwable) call(epoll, "unavailabilityCause");
        assertInstanceOf(UnsupportedOperationException.class, cause);
        assertTrue(cause.getMessage().startsWith("pmsocks switched Netty's native transports off"), cause.getMessage());
    }

    @Test
    void otherClassesAreLeftAsTheyAre() throws Throwable {
        byte[] original = fixtureBytes();

        assertNull(guard().transform(null, null, "io/netty/channel/epoll/EpollSocketChannel", null, null, original));
        assertNull(System.getProperty(FIXTURE_PROPERTY));
    }

    @Test
    void constantPoolWithoutTheTextsIsReturnedAsItIs() throws Throwable {
        byte[] original = fixtureBytes();

        assertSame(original, ConstantPoolStrings.replace(original, "no such text", "other"));
        assertArrayEquals(original, ConstantPoolStrings.replace(
                ConstantPoolStrings.replace(original, NativeTransportGuard.NETTY_FAILURE, "x"),
                "x", NativeTransportGuard.NETTY_FAILURE));
        assertThrows(IllegalArgumentException.class, () -> ConstantPoolStrings.replace(new byte[12], "a", "b"));
    }

    private static NativeTransportGuard guard() {
        return new NativeTransportGuard(DebugLog.open(Settings.Debug.OFF));
    }

    private static byte[] fixtureBytes() throws IOException {
        try (InputStream in = NativeTransportGuardTest.class.getResourceAsStream(
                "/" + FIXTURE.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the bytes as the fixture in a loader of their own, so that each test initialises its own copy. */
    private static Class<?> define(byte[] bytes) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(NativeTransportGuardTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(FIXTURE)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> known = findLoadedClass(name);
                        return known != null ? known : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return Class.forName(FIXTURE, true, loader);
    }

    private static Object call(Class<?> type, String method) throws Throwable {
        Method target = type.getMethod(method);
        try {
            return target.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
