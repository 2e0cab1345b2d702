package io.apigenmt.topology.rollout;

/** A model call of one role failed (after the client's retries) or answered unusably; fails the trial. */
final class ModelCallFailed extends RuntimeException {

    ModelCallFailed(String role, String model, String message, Throwable cause) {
        super(role + " model " + model + ": " + message, cause);
    }
}
