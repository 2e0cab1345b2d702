package io.apigenmt.topology.llm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models of every role, built from {@link LlmSettings} on a shared {@link LlmRuntime}:
 * <pre>
 * LlmRuntime runtime = LlmRuntime.create(settings, metrics);   // once per process
 * ModelRoles roles = runtime.roles(settings);                  // per stage, cheap
 * roles.generator().complete(request);
 * roles.reviewers().forEach(judge -> ...);                    // the committee, in config order
 * </pre>
 * API keys are resolved here, once per distinct (env, file) pair; a configured but unreadable
 * key file fails the build with a message naming the path.
 *
 * <p>Role labels (metrics, messages): generator, reviewer-1..K, summarizer, user, agent.
 */
public record ModelRoles(ChatModel generator, List<ChatModel> reviewers, ChatModel summarizer, ChatModel user,
                         ChatModel agent) {

    public ModelRoles {
        reviewers = List.copyOf(reviewers);
    }

    static ModelRoles build(LlmSettings settings, LlmRuntime runtime) {
        // Register every endpoint with the largest maximum any of its roles asks for first, so the
        // order in which roles are built cannot decide an endpoint's bound.
        LlmRuntime.maxConcurrencyByEndpoint(settings.allRoles()).forEach(runtime::limiterFor);
        Map<String, ApiKey> keys = new HashMap<>();
        List<ChatModel> judges = new ArrayList<>();
        for (int i = 0; i < settings.reviewers().size(); i++) {
            judges.add(runtime.model("reviewer-" + (i + 1), settings.reviewers().get(i), settings.backoff(), keys));
        }
        return new ModelRoles(
                runtime.model("generator", settings.generator(), settings.backoff(), keys),
                judges,
                runtime.model("summarizer", settings.summarizer(), settings.backoff(), keys),
                runtime.model("user", settings.user(), settings.backoff(), keys),
                runtime.model("agent", settings.agent(), settings.backoff(), keys));
    }

    /** Model names of every role, for records' {@code models} field. */
    public Map<String, String> modelNames() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("generator", generator.model());
        for (int i = 0; i < reviewers.size(); i++) {
            names.put("reviewer-" + (i + 1), reviewers.get(i).model());
        }
        names.put("summarizer", summarizer.model());
        names.put("user", user.model());
        names.put("agent", agent.model());
        return names;
    }
}
