package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.given.GivenTaskFile;
import java.util.List;

/** The complete simulated model: every role the pipeline calls, on one server. */
public final class SimLlm {

    private SimLlm() {}

    /** A server (not yet started) playing generator, judges, summarizer, user and agent. */
    public static SimLlmServer server(SimLlmOptions options, DomainRegistry domains) {
        return server(options, domains, List.of());
    }

    /**
     * As {@link #server(SimLlmOptions, DomainRegistry)}, with the given tasks its user plays from
     * their ground truth ({@link SimTaskBook}).
     */
    public static SimLlmServer server(SimLlmOptions options, DomainRegistry domains, List<GivenTaskFile.Line> givenTasks) {
        ObjectMapper json = new ObjectMapper();
        return new SimLlmServer(options, roles(options, domains, json, givenTasks).build(), json);
    }

    /** Every role the pipeline calls; replace one with {@link SimRoles.Builder#add} for a server of other behaviour. */
    public static SimRoles.Builder roles(SimLlmOptions options, DomainRegistry domains, ObjectMapper json) {
        return roles(options, domains, json, List.of());
    }

    private static SimRoles.Builder roles(SimLlmOptions options, DomainRegistry domains, ObjectMapper json,
            List<GivenTaskFile.Line> givenTasks) {
        return SimRoles.phaseOne(domains, options, json)
                .add(SimRoles.USER, new SimUser(json, SimTaskBook.of(givenTasks, domains, json)), SimUser::detects)
                .add(SimRoles.AGENT, new SimAgent(json, options.agentErrorRate(), options.randomSeed()), SimAgent::detects);
    }
}
