package io.apigenmt.schemas.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Trajectory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The training-data layouts of a verified trajectory (DESIGN.md "Output formats", rules and their
 * sources in docs/dataset-formats.md). One implementation shared by {@code apigen export}/
 * {@code run} and the file sink connector, so a line means the same thing whichever way it was
 * produced. Every row is checked against its layout's rules before it is handed out.
 *
 * <pre>{@code
 * Rendered rendered = TrajectoryFormat.parse("sharegpt").render(trajectory);
 * if (rendered instanceof Rendered.Row row) {
 *   writer.write(row.line() + "\n");
 * } else if (rendered instanceof Rendered.Rejected r) {
 *   rejects.add(trajectory.getTaskId(), r.reason(), r.detail());
 * }
 * }</pre>
 */
public enum TrajectoryFormat {
  /** APIGen-MT-5k layout: conversations (human/gpt/function_call/observation), tools a string. */
  SHAREGPT("sharegpt", ShareGpt::row, ShareGptRules::check),
  /** OpenAI chat layout, API-faithful: tool_calls[].function.arguments a JSON string. */
  OPENAI("openai", OpenAiChat.API::row, new ChatRules(true)::check),
  /** Hugging Face chat templates / TRL: as openai, with tool-call arguments as JSON objects. */
  HF("hf", OpenAiChat.TEMPLATES::row, new ChatRules(false)::check);

  private final String id;
  private final Function<Trajectory, ObjectNode> renderer;
  /** (task id, row) → throws {@link TrajectoryFormatException} naming the rule the row breaks. */
  private final BiConsumer<String, ObjectNode> rules;

  TrajectoryFormat(String id, Function<Trajectory, ObjectNode> renderer,
      BiConsumer<String, ObjectNode> rules) {
    this.id = id;
    this.renderer = renderer;
    this.rules = rules;
  }

  /** @throws TrajectoryFormatException when the row cannot be made valid */
  private ObjectNode checkedRow(Trajectory t) {
    ObjectNode row = renderer.apply(t);
    rules.accept(t.getTaskId(), row);
    return row;
  }

  /** A valid row, or the reason the trajectory has none in this layout. */
  public Rendered render(Trajectory trajectory) {
    try {
      return new Rendered.Row(Json.line(checkedRow(trajectory)));
    } catch (TrajectoryFormatException e) {
      return new Rendered.Rejected(e.reason(), e.detail());
    }
  }

  /**
   * One JSON object without a line terminator (newlines inside strings are escaped).
   *
   * @throws TrajectoryFormatException when the trajectory has no valid row in this layout
   */
  public String toJsonLine(Trajectory trajectory) {
    return Json.line(checkedRow(trajectory));
  }

  /** The columns of a row as a Hugging Face dataset card's {@code dataset_info.features}. */
  public ArrayNode features() {
    return LayoutSchema.features(this);
  }

  /** This layout's entry for LLaMA-Factory's {@code dataset_info.json}. */
  public ObjectNode llamaFactoryDatasetInfo(String fileName) {
    return LayoutSchema.llamaFactory(this, fileName);
  }

  /** The name on the command line and in configs: {@code sharegpt}, {@code openai}, {@code hf}. */
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
