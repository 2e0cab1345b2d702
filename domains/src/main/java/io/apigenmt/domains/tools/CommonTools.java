package io.apigenmt.domains.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.domains.python.Py;
import io.apigenmt.domains.python.PyCalc;
import io.apigenmt.domains.python.PyException;

/** The tools both reference domains share: think, calculate and transfer_to_human_agents. */
public final class CommonTools {

    private CommonTools() {}

    public static void addTo(ToolBox.Builder tools) {
        tools.add(new ToolSpec("think",
                        "Write down private reasoning, e.g. to plan the next steps or check a rule before acting. "
                                + "Nothing is looked up and no data changes; the note is only recorded in the "
                                + "log.",
                        Parameters.object().string("thought", "The reasoning to record.").required("thought").build(),
                        ToolSpec.Kind.READ),
                (args, db) -> Observation.ok(""));
        tools.add(new ToolSpec("calculate",
                        "Evaluate an arithmetic expression and return its value.",
                        Parameters.object()
                                .string("expression", "The arithmetic to evaluate, e.g. '(129.99 - 74.5) * 2'. "
                                        + "Allowed: numbers, + - * / (and ** //), parentheses and spaces. The result "
                                        + "is rounded to two decimals.")
                                .required("expression").build(),
                        ToolSpec.Kind.READ),
                (args, db) -> Observation.ok(PyCalc.calculate(expression(args))));
        tools.add(new ToolSpec("transfer_to_human_agents",
                        "Hand the conversation over to a human agent, passing along a short summary of the "
                                + "request. Use it only when the customer explicitly asks for a person, or when "
                                + "the request cannot be handled with the tools you have.",
                        Parameters.object()
                                .string("summary", "A brief account of what the customer needs and what has been "
                                        + "done so far.").required("summary").build(),
                        ToolSpec.Kind.TERMINATE),
                (args, db) -> Observation.terminating("Transfer successful"));
    }

    /** The expression as a string; tau-bench iterates it, so another type fails as Python does there. */
    private static String expression(Args args) {
        JsonNode value = args.get("expression");
        if (!value.isTextual()) {
            throw new PyException("'" + Py.typeName(value) + "' object is not iterable");
        }
        return value.textValue();
    }
}
