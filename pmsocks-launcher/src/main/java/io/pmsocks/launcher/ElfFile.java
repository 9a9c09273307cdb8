package io.pmsocks.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared libraries an ELF executable names in its dynamic section ({@code DT_NEEDED}), read
 * from the file: a program that needs {@code libjli.so} is a JVM launcher (java, jshell, jar...)
 * and reads {@code JAVA_TOOL_OPTIONS} like java does. Whatever does not parse as ELF with a
 * dynamic section needs nothing, as far as this class can tell.
 */
final class ElfFile {

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;

    private final ByteBuffer bytes;
    private final boolean wide;

    private ElfFile(ByteBuffer bytes, boolean wide) {
        this.bytes = bytes;
        this.wide = wide;
    }

    /** The {@code DT_NEEDED} names of the ELF file {@code path}, in order; empty if none. */
    static List<String> needed(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (bytes.limit() < 52 || bytes.getInt(0) != 0x7f454c46) {
                return List.of();
            }
            int elfClass = bytes.get(4);
            int data = bytes.get(5);
            if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
                return List.of();
            }
            bytes.order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            return new ElfFile(bytes, elfClass == 2).needed();
        } catch (IndexOutOfBoundsException | IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private List<String> needed() {
        long headers = wide ? bytes.getLong(0x20) : Integer.toUnsignedLong(bytes.getInt(0x1c));
        int size = Short.toUnsignedInt(bytes.getShort(wide ? 0x36 : 0x2a));
        int count = Short.toUnsignedInt(bytes.getShort(wide ? 0x38 : 0x2c));
        long dynamicOffset = -1;
        long dynamicSize = 0;
        for (int i = 0; i < count; i++) {
            int header = offset(headers + (long) i * size);
            if (bytes.getInt(header) == PT_DYNAMIC) {
                dynamicOffset = word(header + (wide ? 8 : 4));
                dynamicSize = word(header + (wide ? 32 : 16));
            }
        }
        if (dynamicOffset < 0) {
            return List.of(); // statically linked
        }
        List<Long> names = new ArrayList<>();
        long stringTable = -1;
        int entry = wide ? 16 : 8;
        for (long at = dynamicOffset; at + entry <= dynamicOffset + dynamicSize; at += entry) {
            long tag = word(offset(at));
            long value = word(offset(at) + entry / 2);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                names.add(value);
            } else if (tag == DT_STRTAB) {
                stringTable = fileOffset(value, headers, size, count);
            }
        }
        List<String> needed = new ArrayList<>();
        if (stringTable >= 0) {
            for (long name : names) {
                needed.add(string(offset(stringTable + name)));
            }
        }
        return needed;
    }

    /** Where the loaded address {@code address} lies in the file, by the PT_LOAD segments. */
    private long fileOffset(long address, long headers, int size, int count) {
        for (int i = 0; i < count; i++) {
            int header = offset(headers + (long) i * size);
            if (bytes.getInt(header) != PT_LOAD) {
                continue;
            }
            long fileStart = word(header + (wide ? 8 : 4));
            long start = word(header + (wide ? 16 : 8));
            long length = word(header + (wide ? 32 : 16));
            if (address >= start && address - start < length) {
                return fileStart + (address - start);
            }
        }
        return -1;
    }

    private long word(int at) {
        return wide ? bytes.getLong(at) : Integer.toUnsignedLong(bytes.getInt(at));
    }

    private int offset(long at) {
        if (at < 0 || at >= bytes.limit()) {
            throw new IndexOutOfBoundsException("offset " + at);
        }
        return (int) at;
    }

    private String string(int at) {
        int end = at;
        while (end < bytes.limit() && bytes.get(end) != 0) {
            end++;
        }
        byte[] text = new byte[end - at];
        bytes.get(at, text);
        return new String(text, StandardCharsets.ISO_8859_1);
    }
}
