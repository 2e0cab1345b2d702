package io.apigenmt.topology.rollout;

/** Why a conversation ended. */
public enum EndReason {
    /** The user wrote ###STOP###. */
    USER_STOP,
    /** The agent called a terminating tool (transfer_to_human_agents). */
    TERMINATING_TOOL,
    /** The agent used up its steps. */
    STEP_LIMIT
}
