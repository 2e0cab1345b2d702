package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The prompt vocabulary and the templates agree: every template a block names carries it, opened and closed. */
class PromptBlockTest {

    @Test
    void shouldFindEveryBlockInEveryTemplateThatCarriesIt() throws IOException {
        for (PromptBlock block : PromptBlock.values()) {
            assertThat(block.templates()).as(block.tag()).isNotEmpty();
            for (String template : block.templates()) {
                // Given the shipped template
                String text = resource("prompts/" + template);

                // Then the block opens before it closes
                int open = text.indexOf(block.open());
                assertThat(open).as(template + " carries " + block.open()).isNotNegative();
                assertThat(text.indexOf(block.close(), open)).as(template + " closes " + block.tag()).isGreaterThan(open);
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PromptBlockTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
