package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonExtractionTest {

    private final JsonExtraction extraction = new JsonExtraction();

    @Test
    void shouldReadABareObject() throws Exception {
        assertThat(extraction.extract("  {\"a\": 1}\n").get("a").asInt()).isEqualTo(1);
    }

    @Test
    void shouldReadAFencedBlock() throws Exception {
        String text = "Here you go:\n```json\n{\"a\": {\"b\": [1, 2]}}\n```\nDone.";
        assertThat(extraction.extract(text).get("a").get("b").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void shouldReadAnUnlabelledFence() throws Exception {
        assertThat(extraction.extract("```\n{\"a\":2}\n```").get("a").asInt()).isEqualTo(2);
    }

    @Test
    void shouldFindTheFirstBalancedObjectInProseIgnoringBracesInStrings() throws Exception {
        String text = "The answer {is below}: {\"text\": \"a } brace { inside\", \"n\": 3} and {\"other\": 1}";
        assertThat(extraction.extract(text).get("n").asInt()).isEqualTo(3);
    }

    @Test
    void shouldSkipAThinkBlock() throws Exception {
        String text = "<think>maybe {\"draft\": true}</think>\n{\"final\": true}";
        assertThat(extraction.extract(text).has("final")).isTrue();
    }

    @Test
    void shouldExplainWhyNothingParsed() {
        assertThatThrownBy(() -> extraction.extract("no braces at all"))
                .isInstanceOf(JsonExtraction.NoJsonException.class).hasMessageContaining("no JSON object");
        assertThatThrownBy(() -> extraction.extract("{\"a\": 1, \"b\": "))
                .isInstanceOf(JsonExtraction.NoJsonException.class).hasMessageContaining("not closed");
        assertThatThrownBy(() -> extraction.extract("{'a': 1}"))
                .isInstanceOf(JsonExtraction.NoJsonException.class).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> extraction.extract("   "))
                .isInstanceOf(JsonExtraction.NoJsonException.class).hasMessageContaining("empty");
    }
}
