package io.pmsocks.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.IOException;
import java.io.InputStream;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
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

    /** One JDK class, the advice to weave into it, and which methods. */
    enum Target {
        SOCKET("java.net.Socket", SocketConnectAdvice.class.getName(),
                named("connect").and(takesArguments(2))
                        .and(takesArgument(0, named("java.net.SocketAddress")))
                        .and(takesArgument(1, named("int"))));

        final String className;
        final String adviceName;
        final ElementMatcher<? super MethodDescription> methods;

        Target(String className, String adviceName,
                ElementMatcher<? super MethodDescription> methods) {
            this.className = className;
            this.adviceName = adviceName;
            this.methods = methods;
        }
    }

    private final ClassFileLocator agentClasses;
    private final ClassFileLocator jdkClasses;

    Weaver() {
        this.agentClasses = ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader());
        this.jdkClasses = ClassFileLocator.ForClassLoader.ofBootLoader();
    }

    /** The JDK's original class file of a target, from the runtime image. */
    static byte[] originalBytes(Target target) throws IOException {
        String resource = "/" + target.className.replace('.', '/') + ".class";
        try (InputStream in = Object.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file for " + target.className);
            }
            return in.readAllBytes();
        }
    }

    byte[] weave(Target target, byte[] original) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(target.className, original), jdkClasses);
        TypeDescription type = TypePool.Default.of(locator).describe(target.className).resolve();
        TypeDescription advice = TypePool.Default.of(agentClasses).describe(target.adviceName)
                .resolve();
        byte[] woven = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(type, locator)
                .visit(Advice.to(advice, agentClasses).on(target.methods))
                .make()
                .getBytes();
        return callBridge(woven);
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
