package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails loudly when a JDK changes an internal that {@link NameServiceInternals} names: the build
 * runs it on JDK 17 and on 25.
 */
class NameServiceInternalsTest {

    private static final int FEATURE = Runtime.version().feature();

    @Test
    void theLookupMethodHasTheSignatureThisJdkIsExpectedToHave() throws Exception {
        Class<?> type = Class.forName(NameServiceInternals.LOOKUP_CLASS);
        Method lookup;
        try {
            lookup = type.getDeclaredMethod(NameServiceInternals.LOOKUP_METHOD,
                    NameServiceInternals.lookupArguments(FEATURE));
        } catch (NoSuchMethodException e) {
            throw new AssertionError("JDK " + Runtime.version() + " has no "
                    + NameServiceInternals.LOOKUP_CLASS + "." + NameServiceInternals.LOOKUP_METHOD
                    + " with the arguments expected for JDK " + FEATURE
                    + ": names only a sockd resolves would fail; see NameServiceInternals", e);
        }
        assertTrue(Modifier.isStatic(lookup.getModifiers()), "static");
        assertEquals(InetAddress[].class, lookup.getReturnType());
        assertArrayEquals(new Class<?>[] {UnknownHostException.class}, lookup.getExceptionTypes());
        long named = java.util.Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(NameServiceInternals.LOOKUP_METHOD)).count();
        assertEquals(1, named, "one method of that name, so the weaver cannot pick another");
    }

    @Test
    void theLocalHostNameIsGethostname() throws Exception {
        String name = NameServiceInternals.lookUp().localHostName();
        assertNotNull(name);
        // gethostname(2) is the UTS name, which Linux also shows here
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname"),
                StandardCharsets.US_ASCII).strip(), name);
    }
}
