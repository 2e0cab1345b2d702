package io.apigenmt.schemas.export;

import java.util.Locale;

/**
 * Why a verified trajectory cannot become a row of a training layout. Each rejected row is
 * counted per layout and written to the rejects file with its reason; none is dropped silently.
 */
public enum RejectReason {
  /** After the agent's greeting the conversation does not start with the customer. */
  NO_OPENING_USER_TURN,
  /** No agent message follows the customer's first one: nothing to train on. */
  NO_AGENT_TURN,
  /** Tool-call or action arguments that are not a JSON object. */
  INVALID_ARGUMENTS,
  /** tools_json is not a JSON array of tool definitions. */
  INVALID_TOOLS,
  /** A message role outside system, user, assistant, tool. */
  UNKNOWN_ROLE,
  /** The turns break the trainer's order: customer side at odd places, agent side at even. */
  BROKEN_ALTERNATION,
  /** A tool message that answers no call of the assistant message before it. */
  UNMATCHED_TOOL_RESULT,
  /** A field the layout requires is missing or of the wrong type. */
  MALFORMED_ROW;

  /** The name in reports and the rejects file, e.g. {@code broken_alternation}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
