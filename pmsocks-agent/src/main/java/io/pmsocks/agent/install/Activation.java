package io.pmsocks.agent.install;

import io.pmsocks.agent.runtime.ConnectRouter;
import io.pmsocks.agent.runtime.DebugLog;
import io.pmsocks.config.RuleSet;
import io.pmsocks.config.Settings;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;

/**
 * Installs the router into the bridge, then weaves the JDK classes so that they call it.
 */
final class Activation {

    private Activation() {
    }

    static void activate(Instrumentation instrumentation, JavaBaseBridge.Defined bridge,
            RuleSet rules, Settings settings, DebugLog log, String user, String banner)
            throws Exception {
        ConnectRouter router = ConnectRouter.create(rules, settings, log, user, banner);
        if (!bridge.install(router.socketEntryPoint())) {
            return;
        }
        Weaver weaver = new Weaver();
        for (Weaver.Target target : Weaver.Target.values()) {
            Class<?> type = Class.forName(target.className, false, null);
            byte[] woven = weaver.weave(target, Weaver.originalBytes(target));
            instrumentation.redefineClasses(new ClassDefinition(type, woven));
        }
    }
}
