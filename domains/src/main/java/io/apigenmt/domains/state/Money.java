package io.apigenmt.domains.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money arithmetic on BigDecimal with two decimals, so sums compare exactly (no float drift). */
public final class Money {

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Money() {}

    public static BigDecimal of(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return ZERO;
        }
        return node.decimalValue().setScale(2, RoundingMode.HALF_EVEN);
    }

    public static BigDecimal of(String amount) {
        return new BigDecimal(amount).setScale(2, RoundingMode.HALF_EVEN);
    }

    public static BigDecimal ofCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    public static JsonNode node(BigDecimal amount) {
        return DecimalNode.valueOf(amount.setScale(2, RoundingMode.HALF_EVEN));
    }

    /**
     * The amount as a JSON number of the type Python would hold after json.loads: an int when it is
     * whole and {@code integral} allows, else the float nearest to it (what tau-bench's data stores).
     */
    public static JsonNode pyNumber(BigDecimal amount, boolean integral) {
        if (integral && amount.stripTrailingZeros().scale() <= 0) {
            return LongNode.valueOf(amount.longValueExact());
        }
        return DoubleNode.valueOf(amount.doubleValue());
    }

    /** Plain text with two decimals, e.g. {@code 1234.50}, as an agent would tell a customer. */
    public static String text(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
