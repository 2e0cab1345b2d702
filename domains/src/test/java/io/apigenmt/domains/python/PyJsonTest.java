package io.apigenmt.domains.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Expected texts are what CPython 3.11's json.dumps and repr print for the same values. */
class PyJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldWriteJsonAsPythonsJsonDumpsDoes() throws Exception {
        // Given a record with floats, unicode, escapes, null, bool and a big int (key order as written)
        String input = "{\"a\": 1.0, \"b\": [1e-05, 1e16, 123456789012345678.0, 0.30000000000000004, -0.0, 2.675],"
                + " \"c\": \"caf\\u00e9 \\u2603 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\t\\u0001\\u007f\", \"d\": null, \"e\": true,"
                + " \"f\": 100000000000000000000}";

        // When it is dumped
        String dumped = PyJson.dumps(json.readTree(input));

        // Then separators, float reprs and ensure_ascii escapes are Python's
        assertThat(dumped).isEqualTo("{\"a\": 1.0, \"b\": [1e-05, 1e+16, 1.2345678901234568e+17, 0.30000000000000004, "
                + "-0.0, 2.675], \"c\": \"caf\\u00e9 \\u2603 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\t\\u0001\\u007f\", \"d\": null, "
                + "\"e\": true, \"f\": 100000000000000000000}");
    }

    @Test
    void shouldKeepTheRecordsOwnKeyOrder() throws Exception {
        assertThat(PyJson.dumps(json.readTree("{\"z\": 1, \"a\": {\"y\": [], \"b\": {}}}")))
                .isEqualTo("{\"z\": 1, \"a\": {\"y\": [], \"b\": {}}}");
    }

    @Test
    void shouldPrintFloatsAsPythonsReprDoes() {
        assertThat(PyFloat.repr(47.84)).isEqualTo("47.84");
        assertThat(PyFloat.repr(100.0)).isEqualTo("100.0");
        assertThat(PyFloat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFloat.repr(0.00001)).isEqualTo("1e-05");
        assertThat(PyFloat.repr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PyFloat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyFloat.repr(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PyFloat.repr(-2.5)).isEqualTo("-2.5");
        assertThat(PyFloat.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        // Java 17's Double.toString is not always the shortest: 2.0E-3 prints as 0.0020 there.
        assertThat(PyFloat.repr(2e-3)).isEqualTo("0.002");
        assertThat(PyFloat.repr(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void shouldRoundTheExactBinaryValueHalfEvenAsPythonsRoundDoes() {
        assertThat(PyFloat.round(2.675, 2)).isEqualTo(2.67);
        assertThat(PyFloat.round(0.005, 2)).isEqualTo(0.01);
        assertThat(PyFloat.round(0.015, 2)).isEqualTo(0.01);
        assertThat(PyFloat.round(1.005, 2)).isEqualTo(1.0);
        assertThat(PyFloat.round(123456789.125, 2)).isEqualTo(123456789.12);
        assertThat(Double.doubleToRawLongBits(PyFloat.round(-0.001, 2))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
}
