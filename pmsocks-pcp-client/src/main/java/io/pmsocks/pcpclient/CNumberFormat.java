package io.pmsocks.pcpclient;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code %.Ng} conversion, which pminfo uses for floating point values (pmPrintValue: %.8g
 * for float, %.16g for double). Java's own {@code %g} keeps trailing zeros and picks the
 * notation differently, so it would not print what pminfo prints.
 */
final class CNumberFormat {

    private CNumberFormat() {
    }

    /**
     * The value rounded to {@code precision} significant digits (exactly, half to even, as
     * glibc does), in fixed notation when its decimal exponent X satisfies
     * {@code -4 <= X < precision}, else as {@code d.ddde+XX}; trailing zeros removed.
     */
    static String g(double value, int precision) {
        if (precision < 1) {
            throw new IllegalArgumentException("precision " + precision);
        }
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < precision) {
            String fixed = rounded.setScale(Math.max(precision - 1 - exponent, 0)).toPlainString();
            return stripFractionZeros(fixed);
        }
        String digits = rounded.unscaledValue().abs().toString();
        String mantissa = stripFractionZeros(digits.charAt(0) + "." + digits.substring(1));
        String sign = value < 0 ? "-" : "";
        String exponentSign = exponent < 0 ? "-" : "+";
        int magnitude = Math.abs(exponent);
        return sign + mantissa + "e" + exponentSign + (magnitude < 10 ? "0" : "") + magnitude;
    }

    private static String stripFractionZeros(String number) {
        if (number.indexOf('.') < 0) {
            return number;
        }
        int end = number.length();
        while (number.charAt(end - 1) == '0') {
            end--;
        }
        if (number.charAt(end - 1) == '.') {
            end--;
        }
        return number.substring(0, end);
    }
}
