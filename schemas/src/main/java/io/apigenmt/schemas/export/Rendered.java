package io.apigenmt.schemas.export;

/** The outcome of rendering one trajectory in one layout: a valid row, or why there is none. */
public sealed interface Rendered permits Rendered.Row, Rendered.Rejected {

  /** @param line one JSON object without a line terminator (newlines in strings are escaped) */
  record Row(String line) implements Rendered {}

  /** @param detail human-readable: which turn or field broke which rule */
  record Rejected(RejectReason reason, String detail) implements Rendered {}
}
