package io.apigenmt.schemas.export;

import static io.apigenmt.schemas.export.SampleTrajectories.assistant;
import static io.apigenmt.schemas.export.SampleTrajectories.call;
import static io.apigenmt.schemas.export.SampleTrajectories.tool;
import static io.apigenmt.schemas.export.SampleTrajectories.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrajectoryFormatTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TOOL_NAMES =
      Set.of("find_user_id_by_email", "get_order_details", "cancel_pending_order");

  @Test
  void shouldRenderShareGptAsTheApigenMt5kLayout() throws Exception {
    JsonNode row = parseLine(TrajectoryFormat.SHAREGPT.toJsonLine(SampleTrajectories.retail("t-1")));

    ContractChecks.assertShareGptRow(row, TOOL_NAMES);
    List<String> froms = new ArrayList<>();
    row.get("conversations").forEach(turn -> froms.add(turn.get("from").asText()));
    assertThat(froms).containsExactly(
        "human", "gpt", "function_call", "observation",
        "function_call", "observation", "function_call", "observation",
        "gpt", "human", "function_call", "observation", "gpt", "human");
    JsonNode turns = row.get("conversations");
    assertThat(turns.get(0).get("value").asText()).startsWith("I want to cancel order #W123");
    // Parallel calls come out as call/observation pairs matched by call id, not message order.
    assertThat(MAPPER.readTree(turns.get(4).get("value").asText()).at("/arguments/order_id")
        .asText()).isEqualTo("#W123");
    assertThat(turns.get(5).get("value").asText()).isEqualTo("{\"status\":\"pending\"}");
    assertThat(turns.get(7).get("value").asText()).isEqualTo("{\"status\":\"delivered\"}");

    JsonNode tools = MAPPER.readTree(row.get("tools").asText());
    assertThat(tools.isArray()).isTrue();
    assertThat(tools.get(0).fieldNames()).toIterable()
        .containsExactly("name", "description", "parameters");
    assertThat(row.get("system").asText()).isEqualTo(SampleTrajectories.POLICY);
    assertThat(row.get("task_id").asText()).isEqualTo("t-1");
    assertThat(row.get("domain").asText()).isEqualTo("retail");
    assertThat(row.get("instruction").asText()).isEqualTo("You are Ann; cancel order #W123.");
    assertThat(row.at("/actions/0/name").asText()).isEqualTo("cancel_pending_order");
    assertThat(row.at("/actions/0/arguments").isObject()).isTrue();
    assertThat(row.at("/actions/0/arguments/reason").asText()).isEqualTo("no longer needed");
    assertThat(row.at("/outputs/0").asText()).isEqualTo("pending");
    assertThat(fieldNames(row)).containsExactly(
        "conversations", "tools", "system", "task_id", "domain", "instruction", "actions",
        "outputs");
  }

  @Test
  void shouldRenderOpenAiAsChatMessagesWithToolCalls() throws Exception {
    JsonNode row = parseLine(TrajectoryFormat.OPENAI.toJsonLine(SampleTrajectories.retail("t-1")));

    ContractChecks.assertOpenAiRow(row);
    JsonNode messages = row.get("messages");
    List<String> roles = new ArrayList<>();
    messages.forEach(m -> roles.add(m.get("role").asText()));
    assertThat(roles).containsExactly("system", "assistant", "user", "assistant", "tool",
        "assistant", "tool", "tool", "assistant", "user", "assistant", "tool", "assistant", "user");
    assertThat(messages.get(0).get("content").asText()).isEqualTo(SampleTrajectories.POLICY);
    JsonNode firstCall = messages.get(3).get("tool_calls").get(0);
    assertThat(firstCall.get("id").asText()).isEqualTo("c1");
    assertThat(firstCall.get("type").asText()).isEqualTo("function");
    assertThat(firstCall.at("/function/name").asText()).isEqualTo("find_user_id_by_email");
    assertThat(firstCall.at("/function/arguments").isTextual()).isTrue();
    assertThat(MAPPER.readTree(firstCall.at("/function/arguments").asText()).get("email").asText())
        .isEqualTo("ann@example.com");
    assertThat(messages.get(5).get("content").isNull()).isTrue();
    assertThat(messages.get(5).get("tool_calls")).hasSize(2);
    assertThat(messages.get(4).get("tool_call_id").asText()).isEqualTo("c1");
    assertThat(messages.get(4).get("name").asText()).isEqualTo("find_user_id_by_email");
    assertThat(row.get("tools").isArray()).isTrue();
    assertThat(row.at("/tools/0/type").asText()).isEqualTo("function");
    assertThat(row.at("/tools/0/function/name").asText()).isEqualTo("find_user_id_by_email");
    assertThat(fieldNames(row)).containsExactly(
        "messages", "tools", "task_id", "domain", "instruction", "actions", "outputs");
  }

  @Test
  void shouldAddTheSystemMessageFromThePolicyWhenTheRolloutHasNone() throws Exception {
    Trajectory t = SampleTrajectories.trajectory("t-2", List.of(
        assistant("Hi! How can I help you today?"), user("hello"), assistant("Hi Ann.")));

    JsonNode openai = parseLine(TrajectoryFormat.OPENAI.toJsonLine(t));
    JsonNode sharegpt = parseLine(TrajectoryFormat.SHAREGPT.toJsonLine(t));

    assertThat(openai.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(openai.at("/messages/0/content").asText()).isEqualTo(SampleTrajectories.POLICY);
    assertThat(sharegpt.get("conversations")).hasSize(2);
    assertThat(sharegpt.at("/conversations/0/from").asText()).isEqualTo("human");
  }

  @Test
  void shouldKeepEveryLineASingleJsonObjectEvenWithNewlinesInText() {
    Trajectory t = SampleTrajectories.trajectory("t-3", List.of(
        user("line one\nline two\r\n"), assistant("a\nb")));
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      assertThat(format.toJsonLine(t)).doesNotContain("\n").doesNotContain("\r");
    }
  }

  @Test
  void shouldTreatBlankArgumentsAsAnEmptyObject() throws Exception {
    Trajectory t = SampleTrajectories.trajectory("t-4", List.of(
        user("what products exist?"),
        assistant(null, call("c1", "list_all_product_types", "")),
        tool("c1", "list_all_product_types", "[]")));

    JsonNode row = parseLine(TrajectoryFormat.SHAREGPT.toJsonLine(t));

    JsonNode value = MAPPER.readTree(row.at("/conversations/1/value").asText());
    assertThat(value.get("arguments").isObject()).isTrue();
    assertThat(value.get("arguments")).isEmpty();
    assertThat(parseLine(TrajectoryFormat.OPENAI.toJsonLine(t))
        .at("/messages/2/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
  }

  @Test
  void shouldRefuseArgumentsThatAreNotAJsonObjectInBothFormats() {
    Trajectory t = SampleTrajectories.trajectory("t-5", List.of(
        user("hi"), assistant(null, call("c1", "get_order_details", "[\"#W1\"]")),
        tool("c1", "get_order_details", "Error: bad arguments")));
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      assertThatThrownBy(() -> format.toJsonLine(t))
          .isInstanceOf(TrajectoryFormatException.class)
          .hasMessageContaining("t-5").hasMessageContaining("get_order_details")
          .hasMessageContaining("JSON object");
    }
  }

  @Test
  void shouldRefuseAConversationWithoutAUserTurnInShareGpt() {
    Trajectory t = SampleTrajectories.trajectory("t-6", List.of(
        assistant("Hi! How can I help you today?")));
    assertThatThrownBy(() -> TrajectoryFormat.SHAREGPT.toJsonLine(t))
        .isInstanceOf(TrajectoryFormatException.class)
        .hasMessageContaining("must open with a user message");
  }

  @Test
  void shouldParseFormatNamesCaseInsensitively() {
    assertThat(TrajectoryFormat.parse("sharegpt")).isEqualTo(TrajectoryFormat.SHAREGPT);
    assertThat(TrajectoryFormat.parse(" OpenAI ")).isEqualTo(TrajectoryFormat.OPENAI);
    assertThat(TrajectoryFormat.OPENAI.defaultFileName()).isEqualTo("trajectories.openai.jsonl");
    assertThatThrownBy(() -> TrajectoryFormat.parse("alpaca"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown trajectory format 'alpaca'; expected one of sharegpt, openai");
  }

  private static JsonNode parseLine(String line) throws Exception {
    assertThat(line).doesNotContain("\n");
    JsonNode row = MAPPER.readTree(line);
    assertThat(row.isObject()).isTrue();
    return row;
  }

  private static List<String> fieldNames(JsonNode row) {
    List<String> names = new ArrayList<>();
    row.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
