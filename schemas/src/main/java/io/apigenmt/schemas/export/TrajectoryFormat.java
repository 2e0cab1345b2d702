package io.apigenmt.schemas.export;

import io.apigenmt.schemas.Trajectory;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two training-data layouts of a verified trajectory (DESIGN.md "Output formats"). One
 * implementation shared by {@code apigen export}/{@code run} and the file sink connector, so a
 * line means the same thing whichever way it was produced.
 *
 * <pre>{@code
 * TrajectoryFormat format = TrajectoryFormat.parse("sharegpt");
 * writer.write(format.toJsonLine(trajectory));
 * writer.write('\n');
 * }</pre>
 */
public enum TrajectoryFormat {
  /** APIGen-MT-5k layout: conversations (human/gpt/function_call/observation), tools as a string. */
  SHAREGPT("sharegpt") {
    @Override
    public String toJsonLine(Trajectory trajectory) {
      return Json.line(ShareGpt.row(trajectory));
    }
  },
  /** OpenAI chat fine-tuning layout: messages with tool_calls/tool_call_id, tools as an array. */
  OPENAI("openai") {
    @Override
    public String toJsonLine(Trajectory trajectory) {
      return Json.line(OpenAiChat.row(trajectory));
    }
  };

  private final String id;

  TrajectoryFormat(String id) {
    this.id = id;
  }

  /**
   * One JSON object without a line terminator (newlines inside strings are escaped).
   *
   * @throws TrajectoryFormatException when the trajectory cannot be rendered (no user turn,
   *     tool-call arguments that are not a JSON object, malformed tools_json)
   */
  public abstract String toJsonLine(Trajectory trajectory);

  /** The name used on the command line and in configs: {@code sharegpt} or {@code openai}. */
  public String id() {
    return id;
  }

  /** The file name the {@code run} command writes: {@code trajectories.<id>.jsonl}. */
  public String defaultFileName() {
    return "trajectories." + id + ".jsonl";
  }

  /** Case-insensitive; the message lists the accepted names. */
  public static TrajectoryFormat parse(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (TrajectoryFormat f : values()) {
        if (f.id.equals(wanted)) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException("unknown trajectory format '" + name + "'; expected one of "
        + Arrays.stream(values()).map(TrajectoryFormat::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
