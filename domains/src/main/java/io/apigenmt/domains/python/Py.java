package io.apigenmt.domains.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's semantics for the JSON values tau-bench's tools compute with: {@code int} and
 * {@code float} arithmetic (an int result stays an int, {@code 1 == 1.0}, bool counts as int),
 * comparisons, {@code str()}/{@code repr()}, dictionary lookups and the {@code TypeError}s and
 * {@code KeyError}s a wrongly typed argument provokes there. Ints are JSON integral numbers, floats
 * JSON floating-point numbers; results are {@link LongNode}/{@link BigIntegerNode} or
 * {@link DoubleNode}.
 */
public final class Py {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger FLOAT_LIMIT = BigInteger.ONE.shiftLeft(1024);

    private Py() {}

    // ---- types ---------------------------------------------------------------------------------

    /** Python's type name of the value json.loads would produce. */
    public static String typeName(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "NoneType";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isIntegralNumber()) {
            return "int";
        }
        if (v.isNumber()) {
            return "float";
        }
        if (v.isTextual()) {
            return "str";
        }
        return v.isArray() ? "list" : "dict";
    }

    public static boolean isNumber(JsonNode v) {
        return v != null && (v.isNumber() || v.isBoolean());
    }

    private static boolean isInt(JsonNode v) {
        return v.isIntegralNumber() || v.isBoolean();
    }

    private static BigInteger bigInt(JsonNode v) {
        return v.isBoolean() ? (v.booleanValue() ? BigInteger.ONE : BigInteger.ZERO) : v.bigIntegerValue();
    }

    /** {@code float(v)} of a number. */
    public static double toDouble(JsonNode v) {
        if (isInt(v)) {
            return toDouble(bigInt(v));
        }
        return v.doubleValue();
    }

    static double toDouble(BigInteger i) {
        if (i.abs().compareTo(FLOAT_LIMIT) >= 0) {
            throw new PyException("int too large to convert to float");
        }
        return i.doubleValue();
    }

    public static JsonNode intNode(BigInteger i) {
        return i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0
                ? LongNode.valueOf(i.longValue()) : BigIntegerNode.valueOf(i);
    }

    public static JsonNode intNode(long i) {
        return LongNode.valueOf(i);
    }

    public static JsonNode floatNode(double d) {
        return DoubleNode.valueOf(d);
    }

    // ---- arithmetic ----------------------------------------------------------------------------

    public static JsonNode add(JsonNode a, JsonNode b) {
        if (a.isTextual() && b.isTextual()) {
            return TextNode.valueOf(a.textValue() + b.textValue());
        }
        requireNumbers("+", a, b);
        return isInt(a) && isInt(b) ? intNode(bigInt(a).add(bigInt(b))) : floatNode(toDouble(a) + toDouble(b));
    }

    public static JsonNode sub(JsonNode a, JsonNode b) {
        requireNumbers("-", a, b);
        return isInt(a) && isInt(b) ? intNode(bigInt(a).subtract(bigInt(b))) : floatNode(toDouble(a) - toDouble(b));
    }

    public static JsonNode mul(JsonNode a, JsonNode b) {
        requireNumbers("*", a, b);
        return isInt(a) && isInt(b) ? intNode(bigInt(a).multiply(bigInt(b))) : floatNode(toDouble(a) * toDouble(b));
    }

    public static JsonNode neg(JsonNode a) {
        if (!isNumber(a)) {
            throw PyException.typeError("bad operand type for unary -: '" + typeName(a) + "'");
        }
        return isInt(a) ? intNode(bigInt(a).negate()) : floatNode(-a.doubleValue());
    }

    /** {@code abs(a)} of a number. */
    public static JsonNode abs(JsonNode a) {
        if (!isNumber(a)) {
            throw PyException.typeError("bad operand type for abs(): '" + typeName(a) + "'");
        }
        return isInt(a) ? intNode(bigInt(a).abs()) : floatNode(Math.abs(a.doubleValue()));
    }

    /** {@code max(a, b)}: the first of equal values, as Python's max keeps. */
    public static JsonNode max(JsonNode a, JsonNode b) {
        return lt(a, b) ? b : a;
    }

    /** {@code round(v, ndigits)}: an int stays the same int, a float is rounded. */
    public static JsonNode round(JsonNode v, int ndigits) {
        if (isInt(v)) {
            return intNode(bigInt(v));
        }
        if (!v.isNumber()) {
            throw PyException.typeError("type " + typeName(v) + " doesn't define __round__ method");
        }
        return floatNode(PyFloat.round(v.doubleValue(), ndigits));
    }

    private static void requireNumbers(String op, JsonNode a, JsonNode b) {
        if (!isNumber(a) || !isNumber(b)) {
            if (op.equals("+") && a.isTextual()) {
                throw PyException.typeError("can only concatenate str (not \"" + typeName(b) + "\") to str");
            }
            throw PyException.typeError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '"
                    + typeName(b) + "'");
        }
    }

    // ---- comparison ----------------------------------------------------------------------------

    /** {@code a == b}: numbers by exact value across int and float, containers element by element. */
    public static boolean eq(JsonNode a, JsonNode b) {
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b) == 0;
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().equals(b.textValue());
        }
        if (isNone(a) || isNone(b)) {
            return isNone(a) && isNone(b);
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!eq(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = b.get(field.getKey());
                if (other == null || !eq(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isNone(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    public static boolean lt(JsonNode a, JsonNode b) {
        return compare("<", a, b) < 0;
    }

    public static boolean gt(JsonNode a, JsonNode b) {
        return compare(">", a, b) > 0;
    }

    /** Ordering of two numbers or two strings (by code point); anything else is Python's TypeError. */
    public static int compare(String op, JsonNode a, JsonNode b) {
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b);
        }
        if (a.isTextual() && b.isTextual()) {
            return compareCodePoints(a.textValue(), b.textValue());
        }
        throw PyException.typeError("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (isInt(a) && isInt(b)) {
            return bigInt(a).compareTo(bigInt(b));
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(JsonNode v) {
        return isInt(v) ? new BigDecimal(bigInt(v)) : new BigDecimal(v.doubleValue());
    }

    /** Python's ordering of two strings: by code point. */
    public static int compareText(String a, String b) {
        return compareCodePoints(a, b);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- containers ----------------------------------------------------------------------------

    /**
     * The dictionary key a value looks up: the string itself; null for a hashable non-string (an
     * int or None is simply never a key of tau-bench's string-keyed tables); a list or dict is
     * Python's {@code TypeError: unhashable type}.
     */
    public static String key(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return null;
        }
        if (v.isArray() || v.isObject()) {
            throw PyException.typeError("unhashable type: '" + typeName(v) + "'");
        }
        return v.isTextual() ? v.textValue() : null;
    }

    /** {@code container[key]}: Python's KeyError or TypeError when it cannot be read. */
    public static JsonNode item(JsonNode container, String key) {
        if (container != null && container.isObject()) {
            JsonNode value = container.get(key);
            if (value == null) {
                throw PyException.keyError(key);
            }
            return value;
        }
        String type = typeName(container);
        throw PyException.typeError(switch (type) {
            case "list" -> "list indices must be integers or slices, not str";
            case "str" -> "string indices must be integers, not 'str'";
            default -> "'" + type + "' object is not subscriptable";
        });
    }

    /** {@code container[index]} of a list. */
    public static JsonNode index(JsonNode container, int index) {
        if (container != null && container.isArray()) {
            if (index >= container.size() || index < -container.size()) {
                throw new PyException("list index out of range");
            }
            return container.get(index < 0 ? container.size() + index : index);
        }
        throw PyException.typeError("'" + typeName(container) + "' object is not subscriptable");
    }

    /** The elements {@code for x in v} visits: list items, a string's characters, a dict's keys. */
    public static List<JsonNode> iterate(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(out::add);
        } else if (v != null && v.isTextual()) {
            v.textValue().codePoints().forEach(c -> out.add(TextNode.valueOf(new String(Character.toChars(c)))));
        } else if (v != null && v.isObject()) {
            v.fieldNames().forEachRemaining(k -> out.add(TextNode.valueOf(k)));
        } else {
            throw PyException.typeError("'" + typeName(v) + "' object is not iterable");
        }
        return out;
    }

    /** {@code len(v)}. */
    public static int len(JsonNode v) {
        if (v != null && (v.isArray() || v.isObject())) {
            return v.size();
        }
        if (v != null && v.isTextual()) {
            return v.textValue().codePointCount(0, v.textValue().length());
        }
        throw PyException.typeError("object of type '" + typeName(v) + "' has no len()");
    }

    /** {@code values.count(x)}. */
    public static int count(List<JsonNode> values, JsonNode x) {
        int n = 0;
        for (JsonNode v : values) {
            if (eq(v, x)) {
                n++;
            }
        }
        return n;
    }

    /** {@code needle in haystack}: substring of a string, element of a list, key of a dict. */
    public static boolean contains(JsonNode haystack, String needle) {
        if (haystack != null && haystack.isTextual()) {
            return haystack.textValue().contains(needle);
        }
        if (haystack != null && haystack.isArray()) {
            return count(iterate(haystack), TextNode.valueOf(needle)) > 0;
        }
        if (haystack != null && haystack.isObject()) {
            return haystack.has(needle);
        }
        throw PyException.typeError("argument of type '" + typeName(haystack) + "' is not iterable");
    }

    /** {@code sorted(values)} as a JSON array (a stable sort; mixed types are Python's TypeError). */
    public static JsonNode sorted(List<JsonNode> values) {
        List<JsonNode> copy = new ArrayList<>(values);
        copy.sort((a, b) -> compare("<", a, b));
        return JsonNodeFactory.instance.arrayNode().addAll(copy);
    }

    /** {@code s.lower()} of a string argument; anything else is Python's AttributeError. */
    public static String lower(JsonNode s) {
        if (s == null || !s.isTextual()) {
            throw new PyException("'" + typeName(s) + "' object has no attribute 'lower'");
        }
        return s.textValue().toLowerCase(java.util.Locale.ROOT);
    }

    // ---- text ----------------------------------------------------------------------------------

    /** {@code str(v)}: a string as itself, numbers as Python prints them, containers as their repr. */
    public static String str(JsonNode v) {
        return v != null && v.isTextual() ? v.textValue() : repr(v);
    }

    public static String repr(JsonNode v) {
        if (isNone(v)) {
            return "None";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            return PyFloat.repr(v.doubleValue());
        }
        if (v.isTextual()) {
            return repr(v.textValue());
        }
        StringBuilder out = new StringBuilder();
        if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                out.append(i > 0 ? ", " : "").append(repr(v.get(i)));
            }
            return out.append(']').toString();
        }
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
        boolean first = true;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.append(first ? "" : ", ").append(repr(field.getKey())).append(": ").append(repr(field.getValue()));
            first = false;
        }
        return out.append('}').toString();
    }

    /** A string's repr: single quotes unless it holds a single quote and no double quote. */
    public static String repr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(quote).toString();
    }
}
