package io.apigenmt.schemas.export;

/**
 * A trajectory that cannot be rendered in a training-data format (no user turn, tool-call
 * arguments that are not a JSON object, unreadable tools_json). Unchecked: callers decide
 * whether such a record is skipped, dead-lettered or fatal.
 */
public final class TrajectoryFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrajectoryFormatException(String taskId, String detail) {
    super("trajectory " + taskId + ": " + detail);
  }

  public TrajectoryFormatException(String taskId, String detail, Throwable cause) {
    super("trajectory " + taskId + ": " + detail, cause);
  }
}
