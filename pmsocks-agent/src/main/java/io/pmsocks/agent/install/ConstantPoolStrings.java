package io.pmsocks.agent.install;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces whole text constants in a class file's constant pool, leaving everything else as it
 * was: the pool is addressed by index, so an entry may change its length. It needs no bytecode
 * library, which keeps a JVM that loads such a class from loading one (see
 * {@link NativeTransportGuard}). Only ASCII texts are replaced (their modified UTF-8 is their
 * ASCII).
 */
final class ConstantPoolStrings {

    private static final int UTF8 = 1;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;

    private ConstantPoolStrings() {
    }

    /**
     * The class file with every text constant equal to {@code pairs[2k]} replaced by
     * {@code pairs[2k + 1]}; the same array when none is there.
     *
     * @throws IllegalArgumentException for a file that is not a class file, or a constant kind
     *     this reader does not know (a newer class file format)
     */
    static byte[] replace(byte[] classFile, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("texts to replace come in pairs");
        }
        byte[][] from = new byte[pairs.length / 2][];
        byte[][] to = new byte[pairs.length / 2][];
        for (int i = 0; i < from.length; i++) {
            from[i] = ascii(pairs[2 * i]);
            to[i] = ascii(pairs[2 * i + 1]);
        }
        if (classFile.length < 10 || u4(classFile, 0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = u2(classFile, 8);
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        int at = 10;
        for (int index = 1; index < count; index++) {
            int tag = classFile[at] & 0xFF;
            int length = entryLength(classFile, at, tag);
            if (tag == UTF8) {
                int replacement = matching(classFile, at + 3, u2(classFile, at + 1), from);
                if (replacement >= 0) {
                    if (out == null) {
                        out = new ByteArrayOutputStream(classFile.length + 256);
                    }
                    out.write(classFile, copiedUpTo, at - copiedUpTo);
                    byte[] text = to[replacement];
                    out.write(UTF8);
                    out.write(text.length >>> 8);
                    out.write(text.length);
                    out.write(text, 0, text.length);
                    copiedUpTo = at + length;
                }
            }
            if (tag == LONG || tag == DOUBLE) {
                index++; // these take two slots
            }
            at += length;
        }
        if (out == null) {
            return classFile;
        }
        out.write(classFile, copiedUpTo, classFile.length - copiedUpTo);
        return out.toByteArray();
    }

    /** The length of the constant at {@code at}, tag included (JVMS 4.4). */
    private static int entryLength(byte[] classFile, int at, int tag) {
        switch (tag) {
            case UTF8:
                return 3 + u2(classFile, at + 1);
            case 7: // Class
            case 8: // String
            case 16: // MethodType
            case 19: // Module
            case 20: // Package
                return 3;
            case 15: // MethodHandle
                return 4;
            case 3: // Integer
            case 4: // Float
            case 9: // Fieldref
            case 10: // Methodref
            case 11: // InterfaceMethodref
            case 12: // NameAndType
            case 17: // Dynamic
            case 18: // InvokeDynamic
                return 5;
            case LONG:
            case DOUBLE:
                return 9;
            default:
                throw new IllegalArgumentException("unknown constant pool tag " + tag + " at byte "
                        + at);
        }
    }

    private static int matching(byte[] classFile, int start, int length, byte[][] texts) {
        for (int i = 0; i < texts.length; i++) {
            byte[] text = texts[i];
            if (text.length == length && regionEquals(classFile, start, text)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionEquals(byte[] classFile, int start, byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (classFile[start + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c > 0x7F) {
                throw new IllegalArgumentException("not a plain ASCII text: " + text);
            }
        }
        if (text.length() > 0xFFFF) {
            throw new IllegalArgumentException("a constant holds at most 65535 bytes");
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    private static int u4(byte[] bytes, int at) {
        return u2(bytes, at) << 16 | u2(bytes, at + 2);
    }
}
