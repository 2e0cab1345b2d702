package io.apigenmt.schemas.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How each layout is described to the tools that load it, kept beside the renderers so that a
 * change to a row's shape and to its description go together: the Hugging Face dataset-card
 * {@code dataset_info.features} (YAML form of {@code datasets.Features}; free-form objects such as
 * tool arguments and parameter schemas are {@code dtype: json}, which keeps them verbatim instead
 * of padding every object to the union of all keys) and the LLaMA-Factory
 * {@code dataset_info.json} entry (columns and tags).
 */
final class LayoutSchema {
  private LayoutSchema() {}

  static ArrayNode features(TrajectoryFormat format) {
    ArrayNode f = Json.NODES.arrayNode();
    if (format == TrajectoryFormat.SHAREGPT) {
      f.add(list("conversations", value("from", "string"), value("value", "string")));
      f.add(value("tools", "string"));
      f.add(value("system", "string"));
    } else {
      ObjectNode function = struct("function", value("name", "string"),
          value("arguments", format == TrajectoryFormat.OPENAI ? "string" : "json"));
      f.add(list("messages", value("role", "string"), value("content", "string"),
          list("tool_calls", value("id", "string"), value("type", "string"), function),
          value("tool_call_id", "string"), value("name", "string"), value("reasoning_content", "string")));
      f.add(list("tools", value("type", "string"), struct("function", value("name", "string"),
          value("description", "string"), value("parameters", "json"))));
    }
    f.add(value("task_id", "string"));
    f.add(value("domain", "string"));
    f.add(value("instruction", "string"));
    f.add(list("actions", value("name", "string"), value("arguments", "json")));
    f.add(Json.NODES.objectNode().put("name", "outputs").put("list", "string"));
    return f;
  }

  static ObjectNode llamaFactory(TrajectoryFormat format, String fileName) {
    ObjectNode entry = Json.NODES.objectNode();
    entry.put("file_name", fileName);
    ObjectNode columns;
    ObjectNode tags;
    if (format == TrajectoryFormat.SHAREGPT) {
      entry.put("formatting", "sharegpt");
      columns = entry.putObject("columns").put("messages", "conversations").put("system", "system");
      tags = entry.putObject("tags").put("role_tag", "from").put("content_tag", "value")
          .put("user_tag", "human").put("assistant_tag", "gpt")
          .put("observation_tag", "observation").put("function_tag", "function_call");
    } else {
      entry.put("formatting", "openai");
      columns = entry.putObject("columns").put("messages", "messages");
      tags = entry.putObject("tags").put("role_tag", "role").put("content_tag", "content")
          .put("user_tag", "user").put("assistant_tag", "assistant")
          .put("observation_tag", "tool").put("function_tag", "function_call");
    }
    columns.put("tools", "tools");
    tags.put("system_tag", "system");
    return entry;
  }

  private static ObjectNode value(String name, String dtype) {
    return Json.NODES.objectNode().put("name", name).put("dtype", dtype);
  }

  private static ObjectNode list(String name, ObjectNode... fields) {
    return nested(name, "list", fields);
  }

  private static ObjectNode struct(String name, ObjectNode... fields) {
    return nested(name, "struct", fields);
  }

  private static ObjectNode nested(String name, String kind, ObjectNode... fields) {
    ObjectNode node = Json.NODES.objectNode().put("name", name);
    ArrayNode items = node.putArray(kind);
    for (ObjectNode field : fields) {
      items.add(field);
    }
    return node;
  }
}
