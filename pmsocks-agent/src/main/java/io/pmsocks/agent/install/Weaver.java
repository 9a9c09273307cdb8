package io.pmsocks.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pmsocks.agent.runtime.NameServiceInternals;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves the advice into the JDK's own class files. Everything is described through type
 * pools, never by reflection: reflecting on the advice while {@code java.net.Socket} is being
 * redefined ends in a {@code ClassCircularityError}. The woven class keeps its format (no new
 * members), as redefinition requires.
 */
final class Weaver {

    /** Which methods of its target an advice goes into, matched by name and argument types. */
    private static ElementMatcher<? super MethodDescription> methodsOf(String adviceName) {
        switch (adviceName) {
            case "io.pmsocks.agent.install.SocketConnectAdvice":
                return named("connect").and(takesArguments(2))
                        .and(takesArgument(0, named("java.net.SocketAddress")))
                        .and(takesArgument(1, named("int")));
            case "io.pmsocks.agent.install.ChannelConnectAdvice":
                return named("connect").and(takesArguments(1))
                        .and(takesArgument(0, named("java.net.SocketAddress")));
            case "io.pmsocks.agent.install.ChannelBlockingConnectAdvice":
                return named("blockingConnect").and(takesArguments(2))
                        .and(takesArgument(0, named("java.net.SocketAddress")))
                        .and(takesArgument(1, named("long")));
            case "io.pmsocks.agent.install.NameLookupAdvice":
                return named(NameServiceInternals.LOOKUP_METHOD).and(isStatic())
                        .and(takesArgument(0, named("java.lang.String")));
            case "io.pmsocks.agent.install.AsyncConnectAdvice":
                return named("connect").and(takesArguments(3))
                        .and(takesArgument(0, named("java.net.SocketAddress")))
                        .and(takesArgument(2, named("java.nio.channels.CompletionHandler")));
            case "io.pmsocks.agent.install.AsyncConnectFutureAdvice":
                return named("connect").and(takesArguments(1))
                        .and(takesArgument(0, named("java.net.SocketAddress")));
            case "io.pmsocks.agent.install.ChannelReadyOpsAdvice":
                return named("translateReadyOps").and(takesArguments(3))
                        .and(takesArgument(0, named("int")))
                        .and(takesArgument(1, named("int")))
                        .and(takesArgument(2, named("sun.nio.ch.SelectionKeyImpl")));
            case "io.pmsocks.agent.install.ChannelInterestOpsAdvice":
                return named("translateInterestOps").and(takesArguments(1))
                        .and(takesArgument(0, named("int")));
            case "io.pmsocks.agent.install.ChannelFinishConnectAdvice":
                return named("finishConnect").and(takesArguments(0));
            case "io.pmsocks.agent.install.ChannelCloseAdvice":
                return named("implCloseSelectableChannel").and(takesArguments(0));
            default:
                throw new AssertionError(adviceName);
        }
    }

    private final ClassFileLocator agentClasses;
    private final ClassFileLocator jdkClasses;

    Weaver() {
        this.agentClasses = ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader());
        this.jdkClasses = ClassFileLocator.ForClassLoader.ofBootLoader();
    }

    byte[] weave(WovenTarget target, byte[] original) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(target.className, original), jdkClasses);
        TypeDescription type = TypePool.Default.of(locator).describe(target.className).resolve();
        TypePool advicePool = TypePool.Default.of(agentClasses);
        DynamicType.Builder<?> builder = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(type, locator);
        for (String adviceName : target.adviceNames) {
            int matched = type.getDeclaredMethods().filter(methodsOf(adviceName)).size();
            if (matched != 1) {
                // a JDK whose internals changed: say which, rather than route half of a connect
                throw new IllegalStateException(target.className + " of this JDK has " + matched
                        + " methods where " + adviceName.substring(adviceName.lastIndexOf('.') + 1)
                        + " expects exactly one");
            }
            TypeDescription advice = advicePool.describe(adviceName).resolve();
            builder = builder.visit(Advice.to(advice, agentClasses).on(methodsOf(adviceName)));
        }
        return callBridge(builder.make().getBytes());
    }

    /** Points the inlined advice's calls at {@code java.net.PmsocksBridge}. */
    private static byte[] callBridge(byte[] woven) {
        ClassReader reader = new ClassReader(woven);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassRemapper(writer, new SimpleRemapper(BridgeCalls.INTERNAL_NAME,
                JavaBaseBridge.CLASS_NAME.replace('.', '/'))), 0);
        return writer.toByteArray();
    }
}
