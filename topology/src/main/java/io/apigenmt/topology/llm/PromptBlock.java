package io.apigenmt.topology.llm;

import java.util.List;

/**
 * The tagged blocks the pipeline's prompts carry, {@code <tag>...</tag>}: the vocabulary shared
 * by the prompt templates (resources {@code prompts/*.md}), the stages that fill them, and any
 * model that reads them back (sim-llm recognises a role and its data by them). One owner, so the
 * two sides cannot drift; a test checks that every template named here carries its block.
 */
public enum PromptBlock {

    /** The tools the generator may use: a JSON list of {name, kind, description, parameters}. */
    TOOLS("tools", "generator.md", "generator-revision.md"),
    /** The generator's sampled context: one JSON object (domain, user_id, persona, user, suggested_actions, suggested_outputs). */
    TASK_CONTEXT("task_context", "generator.md", "generator-revision.md"),
    /** The blueprint under revision, JSON. */
    PREVIOUS_BLUEPRINT("previous_blueprint", "generator-revision.md"),
    /** The summarizer's plan for a revision, text. */
    IMPROVEMENT_PLAN("improvement_plan", "generator-revision.md"),
    /** A blueprint as judges and the summarizer see it: JSON (instruction, actions, outputs). */
    BLUEPRINT("blueprint", "judge.md", "summarizer.md"),
    /** The state change a blueprint's actions cause, JSON. */
    DIFF_PATCH("diff_patch", "judge.md"),
    /** Every reason a blueprint was rejected, a JSON list. */
    FAILURE_REASONS("failure_reasons", "summarizer.md"),
    /** The judges' critiques, a JSON list. */
    REVIEWER_CRITIQUES("reviewer_critiques", "summarizer.md"),
    /** The members of a recombined task, JSON. */
    RECOMBINATION("recombination", "recombine.md"),
    /** The simulated customer's task, text. */
    INSTRUCTION("instruction", "user.md", "user-judge.md");

    private final String tag;
    private final List<String> templates;

    PromptBlock(String tag, String... templates) {
        this.tag = tag;
        this.templates = List.of(templates);
    }

    public String tag() {
        return tag;
    }

    public String open() {
        return "<" + tag + ">";
    }

    public String close() {
        return "</" + tag + ">";
    }

    /** The templates (under {@code prompts/}) that carry this block. */
    public List<String> templates() {
        return templates;
    }
}
