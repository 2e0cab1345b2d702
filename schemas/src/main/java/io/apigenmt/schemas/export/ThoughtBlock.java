package io.apigenmt.schemas.export;

/**
 * The agent's kept reasoning inside a sharegpt turn: a block in LLaMA-Factory's default thought
 * words ({@code <think>\n}, {@code \n</think>\n\n}) opening a gpt or function_call value, where
 * its reasoning templates and function formatter look for it (docs/dataset-formats.md).
 */
public final class ThoughtBlock {

  static final String OPEN = "<think>\n";
  static final String CLOSE = "\n</think>\n\n";

  private ThoughtBlock() {}

  /** The block for this reasoning, or nothing without reasoning. */
  static String of(String reasoning) {
    return reasoning == null ? "" : OPEN + reasoning + CLOSE;
  }

  /** The value without a leading thought block (the answer text, or the call's JSON). */
  public static String strip(String value) {
    if (value.startsWith(OPEN)) {
      int end = value.indexOf(CLOSE, OPEN.length());
      if (end >= 0) {
        return value.substring(end + CLOSE.length());
      }
    }
    return value;
  }
}
