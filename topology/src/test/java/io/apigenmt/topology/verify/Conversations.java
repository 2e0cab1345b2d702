package io.apigenmt.topology.verify;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.platform.SampleRecords;
import io.apigenmt.topology.sim.TestDomains;
import java.util.ArrayList;
import java.util.List;

/**
 * Verified trajectories built without a pipeline: a domain's sampled walk performed by an agent
 * that calls each action once and then tells the user the expected outputs, rendered in our
 * export layouts by the production {@link TrajectoryFormat}.
 */
public final class Conversations {

    public static final String GREETING = "Hi! How can I help you today?";

    private Conversations() {}

    /** A trajectory of the domain's walk for the seed (one with outputs when {@code withOutputs}). */
    public static Trajectory trajectory(String domainName, boolean withOutputs) {
        Domain domain = TestDomains.registry().find(domainName).orElseThrow();
        TaskContext context = null;
        for (long seed = 0; context == null || context.suggestedOutputs().isEmpty() == withOutputs; seed++) {
            context = domain.contextSampler().sample(seed);
        }
        Environment env = domain.newEnvironment();
        List<Message> messages = new ArrayList<>();
        messages.add(message("system", domain.policy()));
        messages.add(message("assistant", GREETING));
        messages.add(message("user", "Hello, I need some changes on my account " + context.userId() + "."));
        int n = 0;
        for (ToolCall action : context.suggestedActions()) {
            String id = "call_" + (++n);
            Observation observation = env.execute(action);
            messages.add(Message.newBuilder().setRole("assistant").setContent(null)
                    .setToolCalls(List.of(new io.apigenmt.schemas.ToolCall(id, action.name(), action.arguments().toString())))
                    .setToolCallId(null).setName(null).build());
            messages.add(Message.newBuilder().setRole("tool").setContent(observation.content()).setToolCalls(List.of())
                    .setToolCallId(id).setName(action.name()).build());
        }
        messages.add(message("assistant", "All done. " + String.join(", ", context.suggestedOutputs())));
        messages.add(message("user", "Thanks! ###STOP###"));

        Trajectory t = SampleRecords.of(Trajectory.class);
        Blueprint blueprint = t.getBlueprint();
        blueprint.setDomain(domainName);
        blueprint.setActions(context.suggestedActions().stream()
                .map(a -> new Action(a.name(), a.arguments().toString())).toList());
        blueprint.setOutputs(context.suggestedOutputs());
        t.setDomain(domainName);
        t.setTaskId("task-" + domainName);
        t.setMessages(messages);
        t.setToolsJson("[]");
        t.setSystemPrompt(domain.policy());
        return t;
    }

    public static String line(Trajectory t, TrajectoryFormat format) {
        return format.toJsonLine(t);
    }

    static Message message(String role, String content) {
        return Message.newBuilder().setRole(role).setContent(content).setToolCalls(List.of()).setToolCallId(null)
                .setName(null).build();
    }
}
