package io.pmsocks.agent.install;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites the three public methods of a Netty native transport's availability class that was
 * initialised before an attach, so that it reports itself unavailable: {@code isAvailable()}
 * returns false, {@code ensureAvailability()} throws {@code UnsatisfiedLinkError} with the
 * {@code pmsocks:} message, {@code unavailabilityCause()} returns our cause. Only method bodies
 * change, as retransformation requires. Uses ByteBuddy's embedded ASM, loaded only then.
 */
final class NativeTransportWeaving {

    private static final String IS_AVAILABLE = "isAvailable()Z";
    private static final String ENSURE_AVAILABILITY = "ensureAvailability()V";
    private static final String UNAVAILABILITY_CAUSE = "unavailabilityCause()Ljava/lang/Throwable;";

    private NativeTransportWeaving() {
    }

    /** Loads the classes the weaving needs before the retransformation callback runs. */
    static void prepare() {
        reportUnavailable(emptyClass(), "", "");
    }

    /** The class with the three methods replaced; a method it lacks stays lacking. */
    static byte[] reportUnavailable(byte[] classFile, String failure, String cause) {
        ClassReader reader = new ClassReader(classFile);
        // COMPUTE_MAXS only: the new bodies are straight lines, no frames to compute
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, descriptor, signature,
                        exceptions);
                String method = name + descriptor;
                if ((access & Opcodes.ACC_STATIC) == 0 || !(method.equals(IS_AVAILABLE)
                        || method.equals(ENSURE_AVAILABILITY)
                        || method.equals(UNAVAILABILITY_CAUSE))) {
                    return target;
                }
                target.visitCode();
                switch (method) {
                    case IS_AVAILABLE:
                        target.visitInsn(Opcodes.ICONST_0);
                        target.visitInsn(Opcodes.IRETURN);
                        break;
                    case ENSURE_AVAILABILITY:
                        newThrowable(target, "java/lang/UnsatisfiedLinkError", failure);
                        target.visitInsn(Opcodes.ATHROW);
                        break;
                    default:
                        newThrowable(target, "java/lang/UnsupportedOperationException", cause);
                        target.visitInsn(Opcodes.ARETURN);
                        break;
                }
                target.visitMaxs(0, 0);
                target.visitEnd();
                return null; // the original body is dropped
            }
        }, 0);
        return writer.toByteArray();
    }

    private static void newThrowable(MethodVisitor code, String type, String message) {
        code.visitTypeInsn(Opcodes.NEW, type);
        code.visitInsn(Opcodes.DUP);
        code.visitLdcInsn(message);
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, type, "<init>", "(Ljava/lang/String;)V",
                false);
    }

    /** A class file with one method of each kind, to load the weaving's classes on. */
    private static byte[] emptyClass() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, "pmsocks/Prepare", null,
                "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "isAvailable", "()Z", null,
                null);
        method.visitCode();
        method.visitInsn(Opcodes.ICONST_1);
        method.visitInsn(Opcodes.IRETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
