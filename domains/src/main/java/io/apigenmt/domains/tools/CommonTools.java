package io.apigenmt.domains.tools;

import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;

/** The tools both reference domains share: think, calculate and transfer_to_human_agents. */
public final class CommonTools {

    private CommonTools() {}

    public static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("think",
                        "Use the tool to think about something. It will not obtain new information or change "
                                + "the database, but just append the thought to the log. Use it when complex "
                                + "reasoning is needed.",
                        Parameters.object().string("thought", "A thought to think about.").required("thought").build(),
                        ToolSpec.Kind.READ),
                (args, db) -> Observation.ok(""));
        tools.add(new ToolSpec("calculate",
                        "Calculate the result of a mathematical expression.",
                        Parameters.object()
                                .string("expression", "The mathematical expression to calculate, such as '2 + 2'. "
                                        + "The expression can contain numbers, operators (+, -, *, /), parentheses, "
                                        + "and spaces.")
                                .required("expression").build(),
                        ToolSpec.Kind.READ),
                (args, db) -> Observation.ok(Calculator.evaluate(args.text("expression")).toPlainString()));
        tools.add(new ToolSpec("transfer_to_human_agents",
                        "Transfer the user to a human agent, with a summary of the user's issue. Only transfer if "
                                + "the user explicitly asks for a human agent, or if the user's issue cannot be "
                                + "resolved by the agent with the available tools.",
                        Parameters.object()
                                .string("summary", "A summary of the user's issue.").required("summary").build(),
                        ToolSpec.Kind.TERMINATE),
                (args, db) -> Observation.terminating("Transfer successful"));
    }
}
