package io.apigenmt.topology.llm;

/** The first choice of a chat completion, with what it cost. */
public record ChatResponse(ChatMessage message, String model, TokenUsage usage, String finishReason) {}
