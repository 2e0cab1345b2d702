package io.apigenmt.domains.python;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float text and rounding: {@code repr(x)} (the shortest digits that read back as the same
 * double, fixed notation for decimal exponents -4 < e <= 16, else {@code 1e-05} style) and
 * {@code round(x, n)} (the exact binary value rounded half-even). tau-bench's observations show
 * floats this way, so ours must too.
 */
public final class PyFloat {

    private PyFloat() {}

    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return Double.doubleToRawLongBits(x) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(x).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        // x = 0.<digits> * 10^point
        int point = digits.length() - shortest.scale();
        String sign = x < 0 ? "-" : "";
        if (point <= -4 || point > 16) {
            int exponent = point - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.valueOf(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }

    /** {@code round(x, ndigits)} for a float: the exact value rounded half-even, the sign of zero kept. */
    public static double round(double x, int ndigits) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double rounded = new BigDecimal(x).setScale(ndigits, RoundingMode.HALF_EVEN).doubleValue();
        return rounded == 0 ? Math.copySign(0.0, x) : rounded;
    }

    /** The fewest significant digits that parse back to {@code x} (the closest such decimal). */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(candidate.toString()) == x) {
                return candidate;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
