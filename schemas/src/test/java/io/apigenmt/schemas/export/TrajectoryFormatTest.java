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
    // No greeting first, no ###STOP### last, the text sent with the first call left out:
    // customer side at even indexes, agent side at odd ones, ending on the agent.
    assertThat(froms(row)).containsExactly(
        "human", "function_call", "observation",
        "function_call", "observation", "function_call", "observation",
        "gpt", "human", "function_call", "observation", "gpt");
    JsonNode turns = row.get("conversations");
    assertThat(turns.get(0).get("value").asText()).startsWith("I want to cancel order #W123");
    assertThat(turns.get(11).get("value").asText()).isEqualTo("Done: order #W123 is cancelled.");
    // Parallel calls come out as call/observation pairs matched by call id, not message order.
    assertThat(MAPPER.readTree(turns.get(3).get("value").asText()).at("/arguments/order_id")
        .asText()).isEqualTo("#W123");
    assertThat(turns.get(4).get("value").asText()).isEqualTo("{\"status\":\"pending\"}");
    assertThat(turns.get(6).get("value").asText()).isEqualTo("{\"status\":\"delivered\"}");
    assertThat(row.toString()).doesNotContain("Let me look you up").doesNotContain("###STOP###")
        .doesNotContain("How can I help you today");

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
    // The policy first, then the customer: no greeting before the first user message, and the
    // closing ###STOP### message is gone, so the row ends on the agent.
    assertThat(roles(row)).containsExactly("system", "user", "assistant", "tool",
        "assistant", "tool", "tool", "assistant", "user", "assistant", "tool", "assistant");
    assertThat(messages.get(0).get("content").asText()).isEqualTo(SampleTrajectories.POLICY);
    JsonNode firstCall = messages.get(2).get("tool_calls").get(0);
    assertThat(firstCall.get("id").asText()).isEqualTo("c1");
    assertThat(firstCall.get("type").asText()).isEqualTo("function");
    assertThat(firstCall.at("/function/name").asText()).isEqualTo("find_user_id_by_email");
    assertThat(firstCall.at("/function/arguments").isTextual()).isTrue();
    assertThat(MAPPER.readTree(firstCall.at("/function/arguments").asText()).get("email").asText())
        .isEqualTo("ann@example.com");
    // Text sent with a call stays on that message; a pure call keeps the API's null content.
    assertThat(messages.get(2).get("content").asText()).isEqualTo("Let me look you up.");
    assertThat(messages.get(4).get("content").isNull()).isTrue();
    assertThat(messages.get(4).get("tool_calls")).hasSize(2);
    assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("c1");
    assertThat(messages.get(3).get("name").asText()).isEqualTo("find_user_id_by_email");
    assertThat(row.get("tools").isArray()).isTrue();
    assertThat(row.at("/tools/0/type").asText()).isEqualTo("function");
    assertThat(row.at("/tools/0/function/name").asText()).isEqualTo("find_user_id_by_email");
    assertThat(fieldNames(row)).containsExactly(
        "messages", "tools", "task_id", "domain", "instruction", "actions", "outputs");
  }

  @Test
  void shouldRenderHfWithArgumentsAsObjectsAndContentNeverNull() throws Exception {
    Trajectory t = SampleTrajectories.retail("t-1");

    JsonNode hf = parseLine(TrajectoryFormat.HF.toJsonLine(t));
    JsonNode openai = parseLine(TrajectoryFormat.OPENAI.toJsonLine(t));

    assertThat(roles(hf)).isEqualTo(roles(openai));
    assertThat(hf.at("/messages/2/tool_calls/0/function/arguments").isObject()).isTrue();
    assertThat(hf.at("/messages/2/tool_calls/0/function/arguments/email").asText())
        .isEqualTo("ann@example.com");
    assertThat(hf.at("/messages/4/content").isTextual()).isTrue();
    assertThat(hf.at("/messages/4/content").asText()).isEmpty();
    assertThat(hf.at("/tools/0/function/parameters/type").asText()).isEqualTo("object");
    assertThat(fieldNames(hf)).isEqualTo(fieldNames(openai));
  }

  @Test
  void shouldAddTheSystemMessageFromThePolicyWhenTheRolloutHasNone() throws Exception {
    Trajectory t = SampleTrajectories.trajectory("t-2", List.of(
        assistant("Hi! How can I help you today?"), user("hello"), assistant("Hi Ann.")));

    JsonNode openai = parseLine(TrajectoryFormat.OPENAI.toJsonLine(t));
    JsonNode sharegpt = parseLine(TrajectoryFormat.SHAREGPT.toJsonLine(t));

    assertThat(roles(openai)).containsExactly("system", "user", "assistant");
    assertThat(openai.at("/messages/0/content").asText()).isEqualTo(SampleTrajectories.POLICY);
    assertThat(froms(sharegpt)).containsExactly("human", "gpt");
  }

  @Test
  void shouldEndOnTheToolCallWhenATerminatingToolEndsTheConversation() throws Exception {
    // Given a rollout that ended on a terminating tool: its result is the last message
    Trajectory t = SampleTrajectories.trajectory("t-7", List.of(
        user("get me a human"),
        assistant(null,
            call("c1", "transfer_to_human_agents", "{\"summary\":\"wants a human\"}")),
        tool("c1", "transfer_to_human_agents", "Transfer successful")));

    // Then every layout ends on the call: the result after it trains nothing
    assertThat(froms(parseLine(TrajectoryFormat.SHAREGPT.toJsonLine(t))))
        .containsExactly("human", "function_call");
    assertThat(roles(parseLine(TrajectoryFormat.OPENAI.toJsonLine(t))))
        .containsExactly("system", "user", "assistant");
    assertThat(roles(parseLine(TrajectoryFormat.HF.toJsonLine(t))))
        .containsExactly("system", "user", "assistant");
  }

  @Test
  void shouldSkipAssistantMessagesWithNeitherTextNorCalls() throws Exception {
    Trajectory t = SampleTrajectories.trajectory("t-8", List.of(
        user("hello"), assistant(""), assistant("Hi Ann.")));

    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      assertThat(format.render(t)).as(format.id()).isInstanceOf(Rendered.Row.class);
    }
    assertThat(froms(parseLine(TrajectoryFormat.SHAREGPT.toJsonLine(t))))
        .containsExactly("human", "gpt");
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
  void shouldRefuseArgumentsThatAreNotAJsonObjectInEveryFormat() {
    Trajectory t = SampleTrajectories.trajectory("t-5", List.of(
        user("hi"), assistant(null, call("c1", "get_order_details", "[\"#W1\"]")),
        tool("c1", "get_order_details", "Error: bad arguments"), assistant("Sorry.")));
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      assertThatThrownBy(() -> format.toJsonLine(t))
          .isInstanceOf(TrajectoryFormatException.class)
          .hasMessageContaining("t-5").hasMessageContaining("get_order_details")
          .hasMessageContaining("JSON object");
      assertThat(format.render(t)).isEqualTo(new Rendered.Rejected(RejectReason.INVALID_ARGUMENTS,
          "arguments of get_order_details must be a JSON object, got [\"#W1\"]"));
    }
  }

  @Test
  void shouldRejectAConversationWithoutACustomerTurnInEveryFormat() {
    Trajectory t = SampleTrajectories.trajectory("t-6", List.of(
        assistant("Hi! How can I help you today?")));
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      Rendered rendered = format.render(t);
      assertThat(rendered).as(format.id()).isInstanceOf(Rendered.Rejected.class);
      assertThat(((Rendered.Rejected) rendered).reason())
          .isEqualTo(RejectReason.NO_OPENING_USER_TURN);
    }
  }

  @Test
  void shouldRejectAConversationWhereTheCustomerNeverGetsAnAnswer() {
    Trajectory t = SampleTrajectories.trajectory("t-9", List.of(
        assistant("Hi! How can I help you today?"), user("###STOP###")));
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      assertThat(format.render(t)).as(format.id())
          .isEqualTo(new Rendered.Rejected(RejectReason.NO_AGENT_TURN,
              "no agent message follows the customer's first message"));
    }
  }

  @Test
  void shouldRejectTwoAgentRepliesInARowAsBrokenAlternation() {
    Trajectory t = SampleTrajectories.trajectory("t-10", List.of(
        user("hello"), assistant("Hi Ann."), assistant("Anything else?")));
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      Rendered rendered = format.render(t);
      assertThat(rendered).as(format.id()).isInstanceOf(Rendered.Rejected.class);
      assertThat(((Rendered.Rejected) rendered).reason())
          .isEqualTo(RejectReason.BROKEN_ALTERNATION);
    }
  }

  @Test
  void shouldRejectAToolMessageThatAnswersNoCallInTheChatLayouts() {
    Trajectory t = SampleTrajectories.trajectory("t-11", List.of(
        user("status of #W1?"),
        assistant(null, call("c1", "get_order_details", "{\"order_id\":\"#W1\"}")),
        tool("c9", "get_order_details", "{\"status\":\"pending\"}"),
        assistant("It is pending.")));
    for (TrajectoryFormat format : List.of(TrajectoryFormat.OPENAI, TrajectoryFormat.HF)) {
      Rendered rendered = format.render(t);
      assertThat(rendered).as(format.id()).isInstanceOf(Rendered.Rejected.class);
      assertThat(((Rendered.Rejected) rendered).reason())
          .isEqualTo(RejectReason.UNMATCHED_TOOL_RESULT);
    }
  }

  @Test
  void shouldDescribeEveryColumnOfEachLayoutInItsFeatures() throws Exception {
    Trajectory t = SampleTrajectories.retail("t-1");
    for (TrajectoryFormat format : TrajectoryFormat.values()) {
      List<String> features = new ArrayList<>();
      format.features().forEach(f -> features.add(f.get("name").asText()));
      assertThat(features).as(format.id())
          .containsExactlyElementsOf(fieldNames(parseLine(format.toJsonLine(t))));
    }
  }

  @Test
  void shouldParseFormatNamesCaseInsensitively() {
    assertThat(TrajectoryFormat.parse("sharegpt")).isEqualTo(TrajectoryFormat.SHAREGPT);
    assertThat(TrajectoryFormat.parse(" OpenAI ")).isEqualTo(TrajectoryFormat.OPENAI);
    assertThat(TrajectoryFormat.OPENAI.defaultFileName()).isEqualTo("trajectories.openai.jsonl");
    assertThatThrownBy(() -> TrajectoryFormat.parse("alpaca"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown trajectory format 'alpaca'; expected one of sharegpt, openai, hf");
    assertThat(TrajectoryFormat.parse("HF")).isEqualTo(TrajectoryFormat.HF);
  }

  private static JsonNode parseLine(String line) throws Exception {
    assertThat(line).doesNotContain("\n");
    JsonNode row = MAPPER.readTree(line);
    assertThat(row.isObject()).isTrue();
    return row;
  }

  private static List<String> froms(JsonNode row) {
    List<String> froms = new ArrayList<>();
    row.get("conversations").forEach(turn -> froms.add(turn.get("from").asText()));
    return froms;
  }

  private static List<String> roles(JsonNode row) {
    List<String> roles = new ArrayList<>();
    row.get("messages").forEach(m -> roles.add(m.get("role").asText()));
    return roles;
  }

  private static List<String> fieldNames(JsonNode row) {
    List<String> names = new ArrayList<>();
    row.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
