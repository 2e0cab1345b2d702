package io.apigenmt.topology.cli;

import java.util.List;

/** The model endpoints failed preflight: one line per problem, exit 1, nothing seeded. */
final class PreflightFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    PreflightFailed(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
