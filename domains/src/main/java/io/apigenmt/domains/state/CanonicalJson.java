package io.apigenmt.domains.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one rendering state hashes are computed over: object keys sorted, no whitespace, numbers
 * as plain decimals without trailing zeros (12.50, 12.5 and 1.25E1 all render as 12.5), so equal
 * data renders to equal bytes however it was built.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    public static String render(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    public static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>(node.size());
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                keys.add(names.next());
            }
            keys.sort(null);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(keys.get(i), out);
                out.append(':');
                write(node.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(number(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            writeString(node.asText(), out);
        }
    }

    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        // stripTrailingZeros turns 100.00 into 1E+2; toPlainString brings back 100.
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    public static void writeString(String s, StringBuilder out) {
        // TextNode's toString performs standard JSON escaping.
        out.append(TextNode.valueOf(s));
    }
}
