package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasoningTest {

    @Test
    void shouldSplitALeadingThinkBlockOffTheContent() {
        Reasoning r = Reasoning.split("<think>\nThe user wants a refund. ###STOP###\n</think>\n\nSure, which order?", null);

        assertThat(r.content()).isEqualTo("Sure, which order?");
        assertThat(r.reasoning()).isEqualTo("The user wants a refund. ###STOP###");
        assertThat(r.unclosed()).isFalse();
    }

    @Test
    void shouldTreatTextBeforeALoneClosingTagAsReasoning() {
        // The chat template put <think> into the prompt: only the closing tag comes back.
        Reasoning r = Reasoning.split("I should check the policy first.\n</think>\n\nI can help with that.", null);

        assertThat(r.content()).isEqualTo("I can help with that.");
        assertThat(r.reasoning()).isEqualTo("I should check the policy first.");
    }

    @Test
    void shouldMarkAnUnclosedBlockAsReasoningWithoutContent() {
        Reasoning r = Reasoning.split("  <think>Let me weigh the options, and then", null);

        assertThat(r.content()).isNull();
        assertThat(r.reasoning()).isEqualTo("Let me weigh the options, and then");
        assertThat(r.unclosed()).isTrue();
        assertThat(r.onlyReasoning()).isTrue();
    }

    @Test
    void shouldKeepASeparateReasoningFieldAndTheContentAsTheyAre() {
        Reasoning r = Reasoning.split("{\"instruction\": \"x\"}", "thinking about JSON");

        assertThat(r.content()).isEqualTo("{\"instruction\": \"x\"}");
        assertThat(r.reasoning()).isEqualTo("thinking about JSON");
        assertThat(r.onlyReasoning()).isFalse();
    }

    @Test
    void shouldJoinAFieldAndAnInlineBlockWhenAServerSendsBoth() {
        Reasoning r = Reasoning.split("<THINK>second</THINK>answer", "first");

        assertThat(r.content()).isEqualTo("answer");
        assertThat(r.reasoning()).isEqualTo("first\n\nsecond");
    }

    @Test
    void shouldLeaveNoContentWhenOnlyWhitespaceFollowsTheBlock() {
        // A tool-calling answer: the thought, then the calls, and no text for the user.
        Reasoning r = Reasoning.split("<think>call get_user_details</think>\n\n", null);

        assertThat(r.content()).isNull();
        assertThat(r.reasoning()).isEqualTo("call get_user_details");
    }

    @Test
    void shouldLeaveAPlainAnswerAlone() {
        Reasoning r = Reasoning.split("Your order #W123 is pending.", null);

        assertThat(r).isEqualTo(new Reasoning("Your order #W123 is pending.", null, false));
        assertThat(Reasoning.split(null, null)).isEqualTo(new Reasoning(null, null, false));
    }

    @Test
    void shouldNotCountAMentionOfTheTagInsideTheAnswerAsReasoning() {
        Reasoning r = Reasoning.split("Use the tag <think> in your prompt.", null);

        assertThat(r.content()).isEqualTo("Use the tag <think> in your prompt.");
        assertThat(r.reasoning()).isNull();
    }
}
