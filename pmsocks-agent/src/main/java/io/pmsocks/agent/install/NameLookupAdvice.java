package io.pmsocks.agent.install;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code java.net.InetAddress.getAddressesFromNameService}, the JDK's one call into
 * the local resolver (see {@code NameServiceInternals}). A name that only the far side must
 * resolve is answered before the resolver is asked (its body skipped); a name the resolver
 * could not resolve may be answered instead of its {@code UnknownHostException}. Both answers
 * come from {@code FarSideNames}, which leaves every other lookup as the JDK makes it.
 */
final class NameLookupAdvice {

    private NameLookupAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static InetAddress[] enter(@Advice.Argument(0) String host) {
        return BridgeCalls.lookupBeforeResolver(host);
    }

    @Advice.OnMethodExit(onThrowable = UnknownHostException.class)
    static void exit(@Advice.Argument(0) String host, @Advice.Enter InetAddress[] answered,
            @Advice.Return(readOnly = false) InetAddress[] result,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (answered != null) {
            result = answered;
        } else if (thrown instanceof UnknownHostException) {
            InetAddress[] placeholder = BridgeCalls.lookupAfterFailure(host);
            if (placeholder != null) {
                thrown = null;
                result = placeholder;
            }
        }
    }
}
