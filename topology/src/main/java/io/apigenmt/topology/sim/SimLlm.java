package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;

/** The complete simulated model: every role the pipeline calls, on one server. */
public final class SimLlm {

    private SimLlm() {}

    /** A server (not yet started) playing generator, judges, summarizer, user and agent. */
    public static SimLlmServer server(SimLlmOptions options, DomainRegistry domains) {
        ObjectMapper json = new ObjectMapper();
        return new SimLlmServer(options, roles(options, domains, json).build(), json);
    }

    /** Every role the pipeline calls; replace one with {@link SimRoles.Builder#add} for a server of other behaviour. */
    public static SimRoles.Builder roles(SimLlmOptions options, DomainRegistry domains, ObjectMapper json) {
        return SimRoles.phaseOne(domains, options, json)
                .add(SimRoles.USER, new SimUser(json), SimUser::detects)
                .add(SimRoles.AGENT, new SimAgent(json, options.agentErrorRate(), options.randomSeed()), SimAgent::detects);
    }
}
