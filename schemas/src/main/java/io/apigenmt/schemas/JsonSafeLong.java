package io.apigenmt.schemas;

/**
 * The integers every JSON and JavaScript consumer keeps exactly: |v| <= 2^53 - 1
 * (JavaScript's {@code Number.MAX_SAFE_INTEGER}). Avro {@code long} fields that this pipeline
 * fills stay in this range, so a kafkajs consumer with the Confluent registry client, or a JSON
 * tool that parses numbers as doubles, decodes every record without loss.
 */
public final class JsonSafeLong {

  /** 2^53 - 1. */
  public static final long MAX = (1L << 53) - 1;

  private JsonSafeLong() {}

  public static boolean isSafe(long value) {
    return value >= -MAX && value <= MAX;
  }

  /**
   * @throws IllegalArgumentException naming {@code what} when the value needs more than 53 bits
   */
  public static long require(String what, long value) {
    if (!isSafe(value)) {
      throw new IllegalArgumentException(what + " must be between -" + MAX + " and " + MAX
          + " (53 bits, what JSON and JavaScript clients keep exactly), got " + value);
    }
    return value;
  }
}
