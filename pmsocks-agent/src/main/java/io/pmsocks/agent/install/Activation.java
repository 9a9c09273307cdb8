package io.pmsocks.agent.install;

import io.pmsocks.agent.runtime.ConnectRouter;
import io.pmsocks.agent.runtime.DebugLog;
import io.pmsocks.agent.runtime.DeferredRules;
import io.pmsocks.agent.runtime.FarSideNames;
import io.pmsocks.config.Settings;
import java.io.IOException;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Installs the router into the bridge, then redefines the JDK classes with the advice woven in,
 * taking the woven bytes from the cache when it has them.
 */
final class Activation {

    private Activation() {
    }

    static void activate(Instrumentation instrumentation, JavaBaseBridge.Defined bridge,
            DeferredRules rules, Settings settings, DebugLog log, String user, String banner,
            Map<String, String> environment) throws Exception {
        ConnectRouter router = ConnectRouter.create(rules, settings, log, user, banner);
        FarSideNames names = FarSideNames.create(rules, log, user);
        router.routePlaceholders(names);
        if (!bridge.install(router.socketEntryPoint(), router.channelEntryPoint())) {
            return;
        }
        bridge.installNames(names.beforeResolverEntryPoint(), names.afterFailureEntryPoint());
        bridge.installAsync(router.asyncEntryPoint());
        bridge.installChannelEvents(router.connectingChannels(), router.readyOpsHook(),
                router.interestOpsHook(), router.finishConnectHook());
        WovenClassCache cache = WovenClassCache.open(environment);
        String agentBuild = cache == null ? null : agentBuild();
        Weaver weaver = null;
        for (WovenTarget target : WovenTarget.values()) {
            Class<?> type = Class.forName(target.className, false, null);
            byte[] original = target.originalBytes();
            String key = cache == null ? null
                    : WovenClassCache.key(target.className, original, agentBuild);
            byte[] woven = cache == null ? null : cache.load(key);
            if (woven != null) {
                try {
                    redefine(instrumentation, type, woven);
                    continue;
                } catch (ClassFormatError | UnsupportedOperationException rejected) {
                    log.log("cached " + target.className + " rejected (" + rejected
                            + "); weaving it again");
                }
            }
            if (weaver == null) {
                weaver = new Weaver();
            }
            woven = weaver.weave(target, original);
            redefine(instrumentation, type, woven);
            if (cache != null) {
                cache.store(key, woven);
            }
            if (log.enabled()) {
                log.log("wove " + target.className + (cache == null ? " (no private cache)" : ""));
            }
        }
    }

    /**
     * What identifies the weaving: the class files of the advice, the weaver and the bridge
     * calls. (Not the jar's size and time: builds are reproducible, every jar carries the same
     * time, and a changed advice can keep the jar's size.)
     */
    private static String agentBuild() throws IOException {
        CRC32C checksum = new CRC32C();
        for (WovenTarget target : WovenTarget.values()) {
            for (String adviceName : target.adviceNames) {
                checksum.update(WovenTarget.classFile(adviceName));
            }
        }
        // by name: a class literal would load Weaver, and with it ByteBuddy
        checksum.update(WovenTarget.classFile("io.pmsocks.agent.install.Weaver"));
        checksum.update(WovenTarget.classFile("io.pmsocks.agent.install.BridgeCalls"));
        return Activation.class.getPackage().getImplementationVersion() + "/"
                + Long.toHexString(checksum.getValue());
    }

    private static void redefine(Instrumentation instrumentation, Class<?> type, byte[] woven)
            throws ClassNotFoundException, UnmodifiableClassException, IOException {
        instrumentation.redefineClasses(new ClassDefinition(type, woven));
    }
}
