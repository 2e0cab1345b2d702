package io.apigenmt.topology.llm;

/**
 * A parsed structured answer and what the whole exchange cost.
 *
 * @param usage    tokens and calls over every call of the exchange, re-asks included
 * @param attempts model calls made (1 + re-asks)
 * @param response the final model response the value was parsed from
 */
public record Structured<T>(T value, TokenUsage usage, int attempts, ChatResponse response) {}
