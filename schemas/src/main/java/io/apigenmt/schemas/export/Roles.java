package io.apigenmt.schemas.export;

/** The role names of {@link io.apigenmt.schemas.Message}, in OpenAI chat terms. */
final class Roles {
  static final String SYSTEM = "system";
  static final String USER = "user";
  static final String ASSISTANT = "assistant";
  static final String TOOL = "tool";

  private Roles() {}
}
