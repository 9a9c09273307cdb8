package io.pmsocks.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.install.NativeTransportGuard.Transport;
import io.pmsocks.agent.runtime.DebugLog;
import io.pmsocks.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard on Netty's own availability classes, the ones the integration tests cannot run on this machine (kqueue
 * is for BSD and macOS, io_uring may be refused by the kernel): Netty 4.2's KQueue and IoUring and the 4.1
 * incubator's IOUring, read as class files and never loaded. Their two messages are the ones the guard replaces,
 * and the three methods it rewrites after an attach are there. (Epoll, unshaded 4.2 and gRPC's shaded 4.1, runs
 * for real in NativeTransportsIT.)
 */
class NativeTransportClassesTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(NativeTransportGuard.NO_NATIVE_PROPERTY);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"KQUEUE", "IO_URING", "IO_URING_INCUBATOR"})
    void definedAfterStartUpItsMessagesBecomeOurs(Transport transport) throws IOException {
        byte[] original = classFile(transport.suffix);
        assertSame(transport, Transport.of(transport.suffix));
        assertTrue(contains(original, NativeTransportGuard.NETTY_FAILURE), "Netty's message changed");
        assertTrue(contains(original, NativeTransportGuard.NETTY_CAUSE), "Netty's cause changed");

        byte[] rewritten = guard().transform(null, null, transport.suffix, null, null, original);

        assertEquals("true", System.getProperty(NativeTransportGuard.NO_NATIVE_PROPERTY));
        assertFalse(contains(rewritten, NativeTransportGuard.NETTY_FAILURE));
        assertFalse(contains(rewritten, NativeTransportGuard.NETTY_CAUSE));
        assertTrue(contains(rewritten, transport.failure()));
        assertTrue(contains(rewritten, transport.cause("")));
        assertEquals(methods(original), methods(rewritten));
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"KQUEUE", "IO_URING", "IO_URING_INCUBATOR"})
    void afterAnAttachItsThreeMethodsAreRewoven(Transport transport) throws IOException {
        byte[] original = classFile(transport.suffix);
        Set<String> before = methods(original);
        assertTrue(before.containsAll(Set.of("isAvailable()Z", "ensureAvailability()V",
                "unavailabilityCause()Ljava/lang/Throwable;")), before.toString());

        byte[] woven = guard().transform(null, null, transport.suffix, Object.class, null, original);

        assertNotNull(woven);
        assertEquals(before, methods(woven), "retransformation adds and removes no method");
        assertTrue(contains(woven, transport.failure()));
    }

    private static NativeTransportGuard guard() {
        return new NativeTransportGuard(DebugLog.open(Settings.Debug.OFF));
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = NativeTransportClassesTest.class.getResourceAsStream("/" + internalName + ".class")) {
            assertNotNull(in, internalName + " is not on the test class path");
            return in.readAllBytes();
        }
    }

    private static Set<String> methods(byte[] classFile) {
        Set<String> methods = new HashSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return methods;
    }

    private static boolean contains(byte[] classFile, String text) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(text);
    }
}
