package io.apigenmt.domains.python;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * tau-bench's {@code calculate}: {@code str(round(float(eval(expression)), 2))} over the characters
 * {@code 0-9 + - * / ( ) .} and space. Evaluated by recursive descent with Python's grammar and
 * numbers (exact ints, IEEE floats, {@code /} true division, {@code //} floor division,
 * {@code **} right-associative above unary minus), never by an interpreter; failures carry
 * Python's messages ({@code division by zero}, {@code invalid syntax (<string>, line 1)}).
 */
public final class PyCalc {

    private static final String ALLOWED = "0123456789+-*/(). ";
    private static final BigInteger EXACT_DOUBLE = BigInteger.ONE.shiftLeft(53);
    /** Beyond this many result bits an int power cannot become a float anyway; refused before computing. */
    private static final long MAX_POWER_BITS = 1 << 16;
    private static final String SYNTAX = "invalid syntax (<string>, line 1)";
    /** tau-bench's answer to a character outside the allowed set (the tool's own check, not Python's). */
    static final String INVALID_CHARACTERS = "invalid characters in expression";

    /** The empty tuple {@code ()}, the only non-number the grammar can produce. */
    private enum Tuple { EMPTY }

    private final List<String> tokens;
    private int pos;

    private PyCalc(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The tool's whole answer text (an {@code Error: ...} text is produced by the caller from PyException). */
    public static String calculate(String expression) {
        for (int i = 0; i < expression.length(); i++) {
            if (ALLOWED.indexOf(expression.charAt(i)) < 0) {
                throw new PyException(INVALID_CHARACTERS);
            }
        }
        Object value = evaluate(expression);
        if (value instanceof Tuple) {
            throw new PyException("float() argument must be a string or a real number, not 'tuple'");
        }
        double d = value instanceof BigInteger i ? Py.toDouble(i) : (Double) value;
        return PyFloat.repr(PyFloat.round(d, 2));
    }

    static Object evaluate(String expression) {
        List<String> tokens = tokenize(expression);
        // Python's tokenizer reports unbalanced brackets before the parser sees anything.
        int depth = 0;
        for (String token : tokens) {
            depth += token.equals("(") ? 1 : token.equals(")") ? -1 : 0;
            if (depth < 0) {
                throw new PyException("unmatched ')' (<string>, line 1)");
            }
        }
        if (depth > 0) {
            throw new PyException("'(' was never closed (<string>, line 1)");
        }
        if (tokens.isEmpty()) {
            throw new PyException("invalid syntax (<string>, line 0)");
        }
        PyCalc parser = new PyCalc(tokens);
        Object value = parser.sum();
        if (parser.pos < tokens.size()) {
            String next = tokens.get(parser.pos);
            if (next.equals(")")) {
                throw new PyException("unmatched ')' (<string>, line 1)");
            }
            throw new PyException(SYNTAX);
        }
        return value;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == '.') {
                    i++;
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                out.add(s.substring(start, i));
            } else if ((c == '*' || c == '/') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                out.add(s.substring(i, i + 2));
                i += 2;
            } else if (c == '.') {
                throw new PyException(SYNTAX);
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private static boolean isOperand(String token) {
        return token.equals("(") || Character.isDigit(token.charAt(0)) || token.charAt(0) == '.';
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean eat(String token) {
        if (token.equals(peek())) {
            pos++;
            return true;
        }
        return false;
    }

    private Object sum() {
        Object value = product();
        while (true) {
            if (eat("+")) {
                value = add(value, product(), false);
            } else if (eat("-")) {
                value = add(value, product(), true);
            } else {
                return value;
            }
        }
    }

    private Object product() {
        Object value = unary();
        while (true) {
            if (eat("*")) {
                value = multiply(value, unary());
            } else if (eat("/")) {
                value = divide(value, unary());
            } else if (eat("//")) {
                value = floorDivide(value, unary());
            } else {
                return value;
            }
        }
    }

    private Object unary() {
        if (eat("-")) {
            Object value = unary();
            if (value instanceof BigInteger i) {
                return i.negate();
            }
            if (value instanceof Double d) {
                return -d;
            }
            throw new PyException("bad operand type for unary -: 'tuple'");
        }
        if (eat("+")) {
            Object value = unary();
            if (value instanceof Tuple) {
                throw new PyException("bad operand type for unary +: 'tuple'");
            }
            return value;
        }
        return power();
    }

    private Object power() {
        Object base = atom();
        if ("(".equals(peek())) {
            // `2(3)` parses as a call in Python and fails when run.
            throw new PyException("'" + typeName(base) + "' object is not callable");
        }
        if (eat("**")) {
            return pow(base, unary());
        }
        return base;
    }

    private Object atom() {
        String token = peek();
        if (token == null) {
            throw new PyException(SYNTAX);
        }
        if (eat("(")) {
            if (eat(")")) {
                return Tuple.EMPTY;
            }
            Object value = sum();
            if (!eat(")")) {
                throw new PyException(peek() == null ? "'(' was never closed (<string>, line 1)" : SYNTAX);
            }
            return value;
        }
        if (!isOperand(token)) {
            throw new PyException(token.equals(")") ? "unmatched ')' (<string>, line 1)" : SYNTAX);
        }
        pos++;
        if (token.indexOf('.') >= 0) {
            return Double.parseDouble(token);
        }
        if (token.length() > 1 && token.charAt(0) == '0' && token.chars().anyMatch(c -> c != '0')) {
            throw new PyException("leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                    + "for octal integers (<string>, line 1)");
        }
        return new BigInteger(token);
    }

    // ---- Python's number semantics ----------------------------------------------------------

    private static String typeName(Object v) {
        return v instanceof BigInteger ? "int" : v instanceof Double ? "float" : "tuple";
    }

    private static double f(Object v, String op, Object other) {
        if (v instanceof BigInteger i) {
            return Py.toDouble(i);
        }
        if (v instanceof Double d) {
            return d;
        }
        throw unsupported(op, v, other);
    }

    private static PyException unsupported(String op, Object a, Object b) {
        return new PyException("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static void requireNumbers(String op, Object a, Object b) {
        if (a instanceof Tuple || b instanceof Tuple) {
            if (op.equals("+") && a instanceof Tuple) {
                throw new PyException("can only concatenate tuple (not \"" + typeName(b) + "\") to tuple");
            }
            throw unsupported(op, a, b);
        }
    }

    private static Object add(Object a, Object b, boolean subtract) {
        String op = subtract ? "-" : "+";
        if (a instanceof Tuple && b instanceof Tuple && !subtract) {
            return Tuple.EMPTY;
        }
        requireNumbers(op, a, b);
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            return subtract ? x.subtract(y) : x.add(y);
        }
        return subtract ? f(a, op, b) - f(b, op, a) : f(a, op, b) + f(b, op, a);
    }

    private static Object multiply(Object a, Object b) {
        if ((a instanceof Tuple && b instanceof BigInteger) || (b instanceof Tuple && a instanceof BigInteger)) {
            return Tuple.EMPTY;
        }
        requireNumbers("*", a, b);
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            return x.multiply(y);
        }
        return f(a, "*", b) * f(b, "*", a);
    }

    private static Object divide(Object a, Object b) {
        requireNumbers("/", a, b);
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (y.signum() == 0) {
                throw new PyException("division by zero");
            }
            if (x.abs().compareTo(EXACT_DOUBLE) <= 0 && y.abs().compareTo(EXACT_DOUBLE) <= 0) {
                return x.doubleValue() / y.doubleValue();
            }
            double q = new BigDecimal(x).divide(new BigDecimal(y), MathContext.DECIMAL128).doubleValue();
            if (Double.isInfinite(q)) {
                throw new PyException("integer division result too large for a float");
            }
            return q;
        }
        double divisor = f(b, "/", a);
        if (divisor == 0) {
            throw new PyException("float division by zero");
        }
        return f(a, "/", b) / divisor;
    }

    private static Object floorDivide(Object a, Object b) {
        requireNumbers("//", a, b);
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (y.signum() == 0) {
                throw new PyException("integer division or modulo by zero");
            }
            BigInteger[] qr = x.divideAndRemainder(y);
            return qr[1].signum() != 0 && qr[1].signum() != y.signum() ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }
        double vx = f(a, "//", b);
        double wx = f(b, "//", a);
        if (wx == 0) {
            throw new PyException("float floor division by zero");
        }
        // CPython's float_floor_div (via _float_div_mod).
        double mod = vx % wx;
        double div = (vx - mod) / wx;
        if (mod != 0) {
            if ((wx < 0) != (mod < 0)) {
                div -= 1.0;
            }
        }
        double floordiv;
        if (div != 0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
        } else {
            floordiv = Math.copySign(0.0, vx / wx);
        }
        return floordiv;
    }

    private static Object pow(Object a, Object b) {
        requireNumbers("** or pow()", a, b);
        if (a instanceof BigInteger x && b instanceof BigInteger y && y.signum() >= 0) {
            if (x.abs().compareTo(BigInteger.ONE) <= 0) {
                return x.signum() == 0 ? (y.signum() == 0 ? BigInteger.ONE : BigInteger.ZERO)
                        : x.equals(BigInteger.ONE) || !y.testBit(0) ? BigInteger.ONE : x;
            }
            if (y.bitLength() > 31 || (long) x.bitLength() * y.intValueExact() > MAX_POWER_BITS) {
                throw new PyException("int too large to convert to float");
            }
            return x.pow(y.intValueExact());
        }
        double base = f(a, "**", b);
        double exponent = f(b, "**", a);
        if (base == 0 && exponent < 0) {
            throw new PyException("0.0 cannot be raised to a negative power");
        }
        if (base < 0 && exponent != Math.rint(exponent)) {
            // Python 3 gives a complex number, which float() refuses.
            throw new PyException("float() argument must be a string or a real number, not 'complex'");
        }
        double result = Math.pow(base, exponent);
        if (Double.isInfinite(result) && !Double.isInfinite(base) && !Double.isInfinite(exponent)) {
            throw new PyException("(34, 'Numerical result out of range')");
        }
        return result;
    }
}
