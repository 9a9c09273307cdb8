package io.pmsocks.pcpclient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A decoded metric value. {@link #text()} is what pminfo -f prints after {@code value}
 * (pmPrintValue with minimum width 1), so that the two outputs compare as strings.
 */
public sealed interface MetricValue {

    String text();

    record Int32(int value) implements MetricValue {
        @Override
        public String text() {
            return Integer.toString(value);
        }
    }

    /** The 32 bits as sent; {@link #text()} reads them unsigned. */
    record UInt32(int bits) implements MetricValue {
        @Override
        public String text() {
            return Integer.toUnsignedString(bits);
        }
    }

    record Int64(long value) implements MetricValue {
        @Override
        public String text() {
            return Long.toString(value);
        }
    }

    /** The 64 bits as sent; {@link #text()} reads them unsigned. */
    record UInt64(long bits) implements MetricValue {
        @Override
        public String text() {
            return Long.toUnsignedString(bits);
        }
    }

    record Float32(float value) implements MetricValue {
        @Override
        public String text() {
            return CNumberFormat.g(value, 8);
        }
    }

    record Float64(double value) implements MetricValue {
        @Override
        public String text() {
            return CNumberFormat.g(value, 16);
        }
    }

    /** A string, quoted as pminfo quotes it (no escaping). */
    record Text(String value) implements MetricValue {
        @Override
        public String text() {
            return '"' + value + '"';
        }
    }

    /**
     * An aggregate or event record array: bytes this client does not interpret. Its text is
     * the type and the bytes in hex, not pminfo's rendering.
     */
    record Opaque(MetricType type, byte[] bytes) implements MetricValue {

        public Opaque {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String text() {
            return "[" + type.description() + ", " + bytes.length + " bytes] "
                    + HexFormat.of().formatHex(bytes);
        }
    }

    /**
     * Decodes one value of a metric of the given type, as pmExtractValue does for a value
     * of its own type: 32-bit integers in situ; 64-bit integers, doubles and strings in a
     * value block (big-endian, a string with its NUL); a float in a block, or in situ as PCP
     * agents older than 3.0 sent it.
     *
     * @throws PcpProtocolException when the value's form or size does not fit the type
     */
    static MetricValue decode(MetricType type, PmValue value) throws PcpProtocolException {
        return switch (type) {
            case I32 -> new Int32(word(type, value));
            case U32 -> new UInt32(word(type, value));
            case I64 -> new Int64(block(type, value, Long.BYTES).getLong());
            case U64 -> new UInt64(block(type, value, Long.BYTES).getLong());
            case DOUBLE -> new Float64(block(type, value, Double.BYTES).getDouble());
            case FLOAT -> new Float32(value instanceof PmValue.InSitu inSitu
                    ? Float.intBitsToFloat(inSitu.word())
                    : block(type, value, Float.BYTES).getFloat());
            case STRING -> new Text(string(value));
            case AGGREGATE, AGGREGATE_STATIC, EVENT, HIGHRES_EVENT -> new Opaque(type, contents(type, value));
            case NOSUPPORT, UNKNOWN -> throw new PcpProtocolException(
                    "pmcd sent a value for a metric of type " + type.description());
        };
    }

    private static int word(MetricType type, PmValue value) throws PcpProtocolException {
        if (value instanceof PmValue.InSitu inSitu) {
            return inSitu.word();
        }
        throw new PcpProtocolException("a " + type.description() + " value (instance "
                + value.instance() + ") in a value block, expected in situ");
    }

    private static ByteBuffer block(MetricType type, PmValue value, int size) throws PcpProtocolException {
        byte[] bytes = contents(type, value);
        if (bytes.length != size) {
            throw new PcpProtocolException("a " + type.description() + " value (instance "
                    + value.instance() + ") of " + bytes.length + " bytes, expected " + size);
        }
        return ByteBuffer.wrap(bytes);
    }

    private static byte[] contents(MetricType type, PmValue value) throws PcpProtocolException {
        if (value instanceof PmValue.Block block) {
            return block.contents();
        }
        throw new PcpProtocolException("a " + type.description() + " value (instance "
                + value.instance() + ") in situ, expected in a value block");
    }

    /** The bytes up to the first NUL: the block holds the C string with its terminator. */
    private static String string(PmValue value) throws PcpProtocolException {
        byte[] bytes = contents(MetricType.STRING, value);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
