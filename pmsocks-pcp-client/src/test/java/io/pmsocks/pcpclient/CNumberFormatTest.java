package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected texts are glibc's printf output for the same bits (a C program printing each value
 * with %a and %.8g or %.16g), the conversions pmPrintValue uses.
 */
class CNumberFormatTest {

    @ParameterizedTest
    @CsvSource({
        "0x1.28f5c2p-2, 0.28999999",
        "0x1.05ffep+11, 2095.9961",
        "0x1.0a3d7p-1, 0.51999998",
        "0x1.11eb86p+0, 1.0700001",
        "0x1.1c28f6p+1, 2.22",
        "0x1.4f8b58p-17, 9.9999997e-06",
        "0x1.d6f346p+26, 1.2345679e+08",
        "0x1.5af1d8p+66, 1e+20",
        "-0x1.02e7fp-13, -0.000123456",
        "0x1.9p+6, 100",
        "0x1.312dp+23, 10000000",
        "0x1p-1, 0.5",
        "0x1.921fb6p+1, 3.1415927",
        "0x1.a36e2ep-14, 9.9999997e-05",
        "0x1.78c29cp+23, 12345678",
        "0x1p+16, 65536",
    })
    void floatAsPercentPoint8g(String bits, String expected) {
        float value = Float.parseFloat(bits);
        assertEquals(expected, new MetricValue.Float32(value).text());
    }

    @ParameterizedTest
    @CsvSource({
        "0x1.3333333333334p-2, 0.3",
        "0x1.fc8a3d70a3d71p+9, 1017.08",
        "0x1.921fb54442d11p+1, 3.14159265358979",
        "0x1.1c37937e08p+53, 1e+16",
        "0x1.b69b4ba630f35p+56, 1.234567890123457e+17",
        "0x0.0000000000001p-1022, 4.940656458412465e-324",
        "0x1.fffffffffffffp+1023, 1.797693134862316e+308",
        "-0x1.4f8b588e368f1p-17, -1e-05",
        "0x1.18b54f22aeb02p+50, 1234567890123456",
        "0x1.01f31f46ed246p-13, 0.000123",
        "0x1.c6bf52634p+49, 1000000000000000",
        "0x1.a36e2eb1c432dp-16, 2.5e-05",
    })
    void doubleAsPercentPoint16g(String bits, String expected) {
        assertEquals(expected, new MetricValue.Float64(Double.parseDouble(bits)).text());
    }

    @ParameterizedTest
    @CsvSource({"NaN, nan", "Infinity, inf", "-Infinity, -inf", "0.0, 0", "-0.0, -0"})
    void specialValuesAsGlibcSpellsThem(double value, String expected) {
        assertEquals(expected, CNumberFormat.g(value, 16));
    }
}
