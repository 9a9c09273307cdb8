package io.pmsocks.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.InetAddress;

/**
 * Every JDK internal that the handling of names only the far side can resolve relies on, in one
 * place; {@code NameServiceInternalsTest} checks each on the JDK the build runs on and fails
 * when one changes.
 *
 * <ul>
 * <li>{@code static InetAddress[] java.net.InetAddress.getAddressesFromNameService(String,
 *     InetAddress)} (JDK 17) and {@code (String)} (JDK 18 to 25): the one method that asks the
 *     local resolver for a name ({@code NameService} on 17, the {@code InetAddressResolver} of
 *     JDK 18 and later, SPI resolvers included), called by every lookup by name that the JDK's
 *     address cache does not answer ({@code getByName}, {@code getAllByName},
 *     {@code getLocalHost}, {@code new InetSocketAddress(host, port)}) and, on 21 and later, by
 *     the refresh of stale cache entries. Its first argument is the name. The advice is woven
 *     into it: the local resolver has been asked when its body ends with an
 *     {@code UnknownHostException}, and is not asked when the advice skips the body.
 * <li>{@code java.net.InetAddress.impl}, a {@code java.net.InetAddressImpl} whose
 *     {@code String getLocalHostName()} is gethostname(2) without any lookup: this host's own
 *     name, which always resolves locally, read without recursing into the hook.
 * </ul>
 */
public final class NameServiceInternals {

    /** The class the advice is woven into. */
    public static final String LOOKUP_CLASS = "java.net.InetAddress";

    /** The woven method: static, its first argument the name, its result the addresses. */
    public static final String LOOKUP_METHOD = "getAddressesFromNameService";

    /** JDK 17 also passes the address the caller wants first; 18 and later pass the name only. */
    static final int LAST_FEATURE_WITH_REQUESTED_ADDRESS = 17;

    private final MethodHandle localHostName;

    private NameServiceInternals(MethodHandle localHostName) {
        this.localHostName = localHostName;
    }

    /** Needs {@code java.net} opened to the agent, as the bridge's definition does. */
    static NameServiceInternals lookUp() throws ReflectiveOperationException {
        Field implField = InetAddress.class.getDeclaredField("impl");
        implField.setAccessible(true);
        Object impl = implField.get(null);
        Class<?> implType = Class.forName("java.net.InetAddressImpl", false, null);
        java.lang.reflect.Method method = implType.getDeclaredMethod("getLocalHostName");
        method.setAccessible(true);
        MethodHandle handle = MethodHandles.lookup().unreflect(method).bindTo(impl)
                .asType(MethodType.methodType(String.class));
        return new NameServiceInternals(handle);
    }

    /** The argument types of the woven method on a JDK of this feature version. */
    static Class<?>[] lookupArguments(int feature) {
        return feature <= LAST_FEATURE_WITH_REQUESTED_ADDRESS
                ? new Class<?>[] {String.class, InetAddress.class}
                : new Class<?>[] {String.class};
    }

    /** This host's name, as gethostname(2) gives it. */
    String localHostName() {
        try {
            return (String) localHostName.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            // gethostname's failure is an UnknownHostException: then this host has no name
            return null;
        }
    }
}
