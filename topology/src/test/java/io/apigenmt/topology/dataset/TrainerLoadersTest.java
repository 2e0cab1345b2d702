package io.apigenmt.topology.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.dataset.LlamaFactoryLoader.Kept;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every layout of the rollouts real agents produce is kept by the loaders written from the
 * trainers' rules; and the loaders do drop rows that break those rules (so the end-to-end test
 * that finds none dropped could have found some).
 */
class TrainerLoadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldKeepEveryLayoutOfATrickyRolloutInTheTrainersThatReadIt() throws Exception {
        for (Trajectory t : List.of(Rollouts.tricky("t-1"), Rollouts.stopped("t-2"))) {
            for (TrajectoryFormat format : TrajectoryFormat.values()) {
                JsonNode row = row(format, t);
                assertThat(llamaFactory(format).load(row)).as(format + " " + t.getTaskId())
                        .isInstanceOf(Kept.class);
                if (format != TrajectoryFormat.SHAREGPT) {
                    // The API-faithful layout's string arguments are not for templates: that is what hf is for.
                    assertThat(new ChatTemplateLoader().load(row)).as(format + " " + t.getTaskId())
                            .isInstanceOf(format == TrajectoryFormat.HF
                                    ? ChatTemplateLoader.Kept.class : ChatTemplateLoader.Dropped.class);
                }
            }
        }
    }

    @Test
    void shouldCarryKeptReasoningWhereEachLayoutsReadersLookAndStillBeKept() throws Exception {
        // Given a rollout whose agent turns carry their kept reasoning
        Trajectory t = Rollouts.reasoned("t-r");

        // Then every layout is still kept by its loaders
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            assertThat(llamaFactory(format).load(row(format, t))).as(format.name()).isInstanceOf(Kept.class);
        }
        assertThat(new ChatTemplateLoader().load(row(TrajectoryFormat.HF, t))).isInstanceOf(ChatTemplateLoader.Kept.class);
        // sharegpt: a thought block in LLaMA-Factory's default thought words opens each agent turn
        JsonNode turns = row(TrajectoryFormat.SHAREGPT, t).path("conversations");
        assertThat(turns.get(1).path("value").asText())
                .isEqualTo("<think>\nLook the order up first.\n</think>\n\n{\"name\":\"get_order_details\",\"arguments\":{\"order_id\":\"#W1\"}}");
        assertThat(turns.get(3).path("value").asText()).isEqualTo("<think>\nThe tool says pending; tell them.\n</think>\n\nIt is pending.");
        // openai and hf: reasoning_content beside the content, which stays the answer alone
        for (TrajectoryFormat format : List.of(TrajectoryFormat.OPENAI, TrajectoryFormat.HF)) {
            JsonNode messages = row(format, t).path("messages");
            assertThat(messages.get(2).path("reasoning_content").asText()).as(format.name()).isEqualTo("Look the order up first.");
            assertThat(messages.get(4).path("reasoning_content").asText()).isEqualTo("The tool says pending; tell them.");
            assertThat(messages.get(4).path("content").asText()).isEqualTo("It is pending.");
            assertThat(messages.get(1).has("reasoning_content")).as("the customer's turn").isFalse();
        }
    }

    @Test
    void shouldWriteNoReasoningAnywhereWhenNoneWasKept() throws Exception {
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            assertThat(format.toJsonLine(Rollouts.stopped("t-2"))).as(format.name())
                    .doesNotContain("<think>").doesNotContain("reasoning_content");
        }
    }

    @Test
    void shouldTrainToolCallsAsArgumentObjectsFromShareGptAndHfInLlamaFactory() throws Exception {
        Trajectory t = Rollouts.tricky("t-1");

        Kept sharegpt = (Kept) llamaFactory(TrajectoryFormat.SHAREGPT).load(row(TrajectoryFormat.SHAREGPT, t));
        Kept hf = (Kept) llamaFactory(TrajectoryFormat.HF).load(row(TrajectoryFormat.HF, t));
        Kept openai = (Kept) llamaFactory(TrajectoryFormat.OPENAI).load(row(TrajectoryFormat.OPENAI, t));

        assertThat(sharegpt.example().callArguments()).hasSize(4).allSatisfy(a -> assertThat(a.isObject()).isTrue());
        assertThat(hf.example().callArguments()).hasSize(4).allSatisfy(a -> assertThat(a.isObject()).isTrue());
        // LLaMA-Factory's function formatter serializes arguments as they are: strings stay strings.
        assertThat(openai.example().callArguments()).hasSize(4).allSatisfy(a -> assertThat(a.isTextual()).isTrue());
        // The response is the agent's last turn, the system the policy, the tools the domain's.
        assertThat(sharegpt.example().response().role()).isEqualTo("function");
        assertThat(sharegpt.example().system()).isEqualTo(Rollouts.POLICY);
        assertThat(hf.example().system()).isEqualTo(Rollouts.POLICY);
        assertThat(sharegpt.example().tools()).hasSize(3);
        assertThat(hf.example().tools()).hasSize(3);
        // Parallel calls: one function turn and one merged observation in the openai converter.
        assertThat(hf.example().prompt().stream().map(LlamaFactoryLoader.Turn::role).toList())
                .containsExactly("user", "function", "observation", "function", "observation", "assistant", "user");
    }

    @Test
    void shouldDropShareGptRowsThatBreakTheAlternationOrTheEvenCount() throws Exception {
        LlamaFactoryLoader loader = llamaFactory(TrajectoryFormat.SHAREGPT);
        String tools = JSON.writeValueAsString("[{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]");

        assertDropped(loader, "{\"conversations\":[" + turn("human", "hi") + "," + turn("gpt", "hello") + ","
                + turn("human", "###STOP###") + "],\"system\":\"p\",\"tools\":" + tools + "}", "invalid message count");
        assertDropped(loader, "{\"conversations\":[" + turn("gpt", "Hi! How can I help you today?") + ","
                + turn("human", "hi") + "],\"system\":\"p\",\"tools\":" + tools + "}", "invalid role order");
        assertDropped(loader, "{\"conversations\":[" + turn("human", "hi") + "," + turn("gpt", "Let me look.") + ","
                + turn("function_call", "{\"name\":\"f\",\"arguments\":{}}") + "," + turn("observation", "x") + "],"
                + "\"system\":\"p\",\"tools\":" + tools + "}", "invalid role order");
        assertDropped(loader, "{\"conversations\":[" + turn("human", "hi") + "," + turn("function_call", "f()") + "],"
                + "\"system\":\"p\",\"tools\":" + tools + "}", "function turn is not JSON");
    }

    @Test
    void shouldDropOpenAiRowsThatOpenWithTheGreetingOrEndOnTheCustomer() throws Exception {
        LlamaFactoryLoader loader = llamaFactory(TrajectoryFormat.OPENAI);

        assertDropped(loader, "{\"messages\":[{\"role\":\"system\",\"content\":\"p\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hi! How can I help you today?\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}],"
                + "\"tools\":[]}", "invalid role order");
        assertDropped(loader, "{\"messages\":[{\"role\":\"system\",\"content\":\"p\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"},"
                + "{\"role\":\"user\",\"content\":\"###STOP###\"}],\"tools\":[]}", "invalid message count");
    }

    @Test
    void shouldDropTemplateRowsWithStringArgumentsOrWithoutAnAssistantLast() throws Exception {
        ChatTemplateLoader loader = new ChatTemplateLoader();
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{}}}}]";

        assertThat(loader.load(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}],\"tools\":" + tools + "}")))
                .isEqualTo(new ChatTemplateLoader.Dropped("message 1: tool-call arguments must be a dict, got STRING"));
        assertThat(loader.load(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello\"},{\"role\":\"user\",\"content\":\"bye\"}],"
                + "\"tools\":" + tools + "}")))
                .isEqualTo(new ChatTemplateLoader.Dropped("the last message must be the assistant's (the training target)"));
        assertThat(loader.load(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello\"}],\"tools\":[{\"name\":\"f\"}]}")))
                .isInstanceOf(ChatTemplateLoader.Dropped.class);
    }

    @Test
    void shouldFindEveryRenderedRowWithinItsDeclaredFeaturesAndAMistypedOneOutside() throws Exception {
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            for (Trajectory t : List.of(Rollouts.tricky("t-1"), Rollouts.reasoned("t-r"))) {
                JsonNode row = row(format, t);
                assertThat(DatasetCardReader.problems(format.features(), row)).as(format.id() + " " + t.getTaskId()).isEmpty();
            }
        }
        JsonNode mistyped = JSON.readTree("{\"conversations\":[{\"from\":\"human\",\"value\":3}],\"tools\":[],"
                + "\"extra\":1}");
        assertThat(DatasetCardReader.problems(TrajectoryFormat.SHAREGPT.features(), mistyped))
                .containsExactlyInAnyOrder("/conversations/0/value is NUMBER, declared string",
                        "/tools is ARRAY, declared string", "/extra is not declared in the features");
    }

    private static LlamaFactoryLoader llamaFactory(TrajectoryFormat format) {
        return new LlamaFactoryLoader(format.llamaFactoryDatasetInfo(format.defaultFileName()));
    }

    private static JsonNode row(TrajectoryFormat format, Trajectory t) throws Exception {
        return JSON.readTree(format.toJsonLine(t));
    }

    private static String turn(String from, String value) throws Exception {
        return "{\"from\":\"" + from + "\",\"value\":" + JSON.writeValueAsString(value) + "}";
    }

    private static void assertDropped(LlamaFactoryLoader loader, String row, String rule) throws Exception {
        LlamaFactoryLoader.Outcome outcome = loader.load(JSON.readTree(row));
        assertThat(outcome).as(row).isInstanceOf(LlamaFactoryLoader.Dropped.class);
        assertThat(((LlamaFactoryLoader.Dropped) outcome).rule()).as(row).startsWith(rule);
    }
}
