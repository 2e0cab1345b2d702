package io.apigenmt.topology.llm;

/** A tool call as the model emits it: arguments are the model's raw JSON text. */
public record ToolCallRequest(String id, String name, String argumentsJson) {}
