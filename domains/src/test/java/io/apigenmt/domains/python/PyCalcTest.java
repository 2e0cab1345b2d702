package io.apigenmt.domains.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tau-bench's calculate is {@code str(round(float(eval(e)), 2))}; every expected text here is what
 * CPython 3.11 prints for the expression.
 */
class PyCalcTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2 + 2|4.0",
        "(10 + 2.5) * 3 / 2|18.75",
        "1/3|0.33",
        "2**10|1024.0",
        "2**-1|0.5",
        "-2**2|-4.0",
        "7//2|3.0",
        "-7//2|-4.0",
        "7.5//2|3.0",
        "-7.5//2|-4.0",
        "1000000*1000000*10000|1e+16",
        "0.1+0.2|0.3",
        "2.675*1|2.67",
        "100/3|33.33",
        "10**17/3|3.3333333333333332e+16",
        "123456789.125|123456789.12",
        "1.005|1.0",
        "00|0.0",
        "00.5|0.5",
        "-8**0.5|-2.83",
        "544.37 - 498.12 + 30|76.25",
    })
    void shouldComputeAsPythonDoes(String expression, String expected) {
        assertThat(PyCalc.calculate(expression)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1/0|division by zero",
        "1.0/0|float division by zero",
        "1//0|integer division or modulo by zero",
        "1.0//0|float floor division by zero",
        "0**-1|0.0 cannot be raised to a negative power",
        "(|'(' was never closed (<string>, line 1)",
        "1)|unmatched ')' (<string>, line 1)",
        "1 2|invalid syntax (<string>, line 1)",
        "01|leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)",
        "2(3)|'int' object is not callable",
        "()|float() argument must be a string or a real number, not 'tuple'",
        "(-8)**0.5|float() argument must be a string or a real number, not 'complex'",
        "10.0**400|(34, 'Numerical result out of range')",
        "2**2000*1.0|int too large to convert to float",
        "1 +|invalid syntax (<string>, line 1)",
        ".|invalid syntax (<string>, line 1)",
        "1..2|invalid syntax (<string>, line 1)",
        "3 % 2|invalid characters in expression",
        "__import__('os')|invalid characters in expression",
    })
    void shouldFailWithPythonsMessage(String expression, String message) {
        assertThatThrownBy(() -> PyCalc.calculate(expression)).isInstanceOf(PyException.class).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void shouldAnswerAnEmptyExpressionAsEvalOfNothingDoes() {
        assertThatThrownBy(() -> PyCalc.calculate("")).hasMessage("invalid syntax (<string>, line 0)");
    }
}
