package io.apigenmt.schemas.export;

/**
 * A trajectory that cannot be rendered as a valid row of a training layout (see
 * {@link RejectReason}). Unchecked: callers decide whether such a record is counted as a reject,
 * reported to a dead-letter queue or fatal.
 */
public final class TrajectoryFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;
  private final String detail;

  public TrajectoryFormatException(String taskId, RejectReason reason, String detail) {
    this(taskId, reason, detail, null);
  }

  public TrajectoryFormatException(String taskId, RejectReason reason, String detail,
      Throwable cause) {
    super("trajectory " + taskId + ": " + reason.id() + ": " + detail, cause);
    this.reason = reason;
    this.detail = detail;
  }

  public RejectReason reason() {
    return reason;
  }

  /** The human-readable part, without the task id and reason. */
  public String detail() {
    return detail;
  }
}
