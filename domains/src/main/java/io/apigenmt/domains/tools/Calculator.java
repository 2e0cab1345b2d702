package io.apigenmt.domains.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Evaluates arithmetic ({@code + - * /}, parentheses, unary minus, decimals) exactly with
 * BigDecimal; the calculate tool's engine. Parsing by recursive descent, never by eval.
 */
final class Calculator {

    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    /** The value rounded to two decimals; throws ToolFailure for malformed input. */
    static BigDecimal evaluate(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ToolFailure("expression is empty");
        }
        if (!expression.matches("[0-9+\\-*/(). ]+")) {
            throw new ToolFailure("invalid characters in expression");
        }
        Calculator calculator = new Calculator(expression);
        BigDecimal value = calculator.sum();
        calculator.skipSpaces();
        if (calculator.pos != expression.length()) {
            throw new ToolFailure("unexpected '" + expression.charAt(calculator.pos) + "' in expression");
        }
        return value.setScale(2, RoundingMode.HALF_EVEN);
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (true) {
            if (eat('+')) {
                value = value.add(product());
            } else if (eat('-')) {
                value = value.subtract(product());
            } else {
                return value;
            }
        }
    }

    private BigDecimal product() {
        BigDecimal value = factor();
        while (true) {
            if (eat('*')) {
                value = value.multiply(factor());
            } else if (eat('/')) {
                BigDecimal divisor = factor();
                if (divisor.signum() == 0) {
                    throw new ToolFailure("division by zero");
                }
                value = value.divide(divisor, MathContext.DECIMAL64);
            } else {
                return value;
            }
        }
    }

    private BigDecimal factor() {
        if (eat('-')) {
            return factor().negate();
        }
        if (eat('+')) {
            return factor();
        }
        if (eat('(')) {
            BigDecimal value = sum();
            if (!eat(')')) {
                throw new ToolFailure("missing ')' in expression");
            }
            return value;
        }
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw new ToolFailure("expected a number at position " + start);
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new ToolFailure("malformed number '" + text.substring(start, pos) + "'");
        }
    }

    private boolean eat(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }
}
