package io.apigenmt.domains;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.tools.Parameters;
import org.junit.jupiter.api.Test;

class ArgumentValidatorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ToolSpec spec = new ToolSpec("book", "test", Parameters.object()
            .string("user_id", "id")
            .enumeration("cabin", "cabin", "economy", "business")
            .integer("bags", "bags")
            .number("amount", "amount")
            .array("flights", "flights", Parameters.object().string("flight_number", "n")
                    .required("flight_number").build())
            .required("user_id", "cabin").build(), ToolSpec.Kind.WRITE);

    private JsonNode parse(String text) throws Exception {
        return json.readTree(text);
    }

    @Test
    void shouldAcceptValidArguments() throws Exception {
        assertThat(spec.validate(parse("{\"user_id\":\"a\",\"cabin\":\"economy\",\"bags\":2,\"amount\":1.5,"
                + "\"flights\":[{\"flight_number\":\"HAT001\"}]}"))).isEmpty();
        assertThat(spec.validate(parse("{\"user_id\":\"a\",\"cabin\":\"economy\",\"bags\":2.0}"))).isEmpty();
    }

    @Test
    void shouldReportMissingRequiredAndUnknownProperties() throws Exception {
        assertThat(spec.validate(parse("{\"cabin\":\"economy\",\"seat\":\"1A\"}")))
                .containsExactlyInAnyOrder("arguments is missing required property 'user_id'",
                        "arguments has unknown property 'seat'");
    }

    @Test
    void shouldReportWrongTypesAndEnumValues() throws Exception {
        assertThat(spec.validate(parse("{\"user_id\":5,\"cabin\":\"first\",\"bags\":1.5,\"amount\":\"3\"}")))
                .containsExactlyInAnyOrder("arguments.user_id must be a string but was a number",
                        "arguments.cabin must be one of [\"economy\",\"business\"] but was \"first\"",
                        "arguments.bags must be an integer but was a number",
                        "arguments.amount must be a number but was a string");
    }

    @Test
    void shouldValidateNestedArrayItems() throws Exception {
        assertThat(spec.validate(parse("{\"user_id\":\"a\",\"cabin\":\"economy\",\"flights\":[{\"date\":1},\"x\"]}")))
                .containsExactlyInAnyOrder("arguments.flights[0] is missing required property 'flight_number'",
                        "arguments.flights[0] has unknown property 'date'",
                        "arguments.flights[1] must be an object but was a string");
    }

    @Test
    void shouldRejectNonObjectArguments() throws Exception {
        assertThat(spec.validate(parse("[1]"))).containsExactly("book: arguments must be a JSON object");
    }

    @Test
    void shouldRenderDiffPatchAsCompactJson() throws Exception {
        DiffPatch patch = new DiffPatch(java.util.List.of(
                new DiffPatch.Change("orders/#W1/status", parse("\"pending\""), parse("\"cancelled\"")),
                new DiffPatch.Change("orders/#W1/payment_history/1", null, parse("{\"amount\":5}"))));
        assertThat(patch.toJson()).isEqualTo("[{\"path\":\"orders/#W1/status\",\"before\":\"pending\","
                + "\"after\":\"cancelled\"},{\"path\":\"orders/#W1/payment_history/1\",\"before\":null,"
                + "\"after\":{\"amount\":5}}]");
    }
}
