package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;

/** The complete simulated model: every role the pipeline calls, on one server. */
public final class SimLlm {

    private SimLlm() {}

    /** A server (not yet started) playing generator, judges, summarizer, user and agent. */
    public static SimLlmServer server(SimLlmOptions options, DomainRegistry domains) {
        ObjectMapper json = new ObjectMapper();
        SimRoles roles = SimRoles.phaseOne(domains, options, json)
                .add(SimRoles.USER, new SimUser(json), SimUser::detects)
                .add(SimRoles.AGENT, new SimAgent(json, options.agentErrorRate(), options.randomSeed()), SimAgent::detects)
                .build();
        return new SimLlmServer(options, roles, json);
    }
}
