package io.apigenmt.topology.dataset;

import io.apigenmt.topology.dataset.DatasetCard.RoleEndpoint;
import io.apigenmt.topology.llm.EndpointConfig;
import io.apigenmt.topology.llm.LlmSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured model and endpoint of every role, under the role labels records use. */
public final class RoleEndpoints {
    private RoleEndpoints() {}

    /** generator, reviewer-1..K, summarizer, user, agent → model and normalized base URL (no query). */
    public static Map<String, RoleEndpoint> of(LlmSettings settings) {
        Map<String, RoleEndpoint> roles = new LinkedHashMap<>();
        put(roles, "generator", settings.generator());
        List<EndpointConfig> reviewers = settings.reviewers();
        for (int i = 0; i < reviewers.size(); i++) {
            put(roles, "reviewer-" + (i + 1), reviewers.get(i));
        }
        put(roles, "summarizer", settings.summarizer());
        put(roles, "user", settings.user());
        put(roles, "agent", settings.agent());
        return roles;
    }

    private static void put(Map<String, RoleEndpoint> roles, String role, EndpointConfig endpoint) {
        roles.put(role, new RoleEndpoint(endpoint.model(), endpoint.endpointKey()));
    }
}
