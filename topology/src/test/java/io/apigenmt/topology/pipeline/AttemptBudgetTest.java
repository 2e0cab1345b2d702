package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Blueprint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one decision after a rejection: another attempt while the domain's budget lasts, else the end. */
class AttemptBudgetTest {

    private final AttemptBudget budget = new AttemptBudget(domain -> "airline".equals(domain) ? 5 : 3);

    private static Blueprint attempt(String domain, int attempt) {
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain(domain).setAttempt(attempt).setUserId("u")
                .setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("g")
                .setUsage(Usages.zero()).build();
    }

    @Test
    void shouldRetryWithTheNextAttemptWhileTheBudgetLasts() {
        assertThat(budget.afterRejection(attempt("retail", 1))).isEqualTo(new AttemptBudget.Retry(2));
        assertThat(budget.afterRejection(attempt("retail", 2))).isEqualTo(new AttemptBudget.Retry(3));
        assertThat(budget.afterRejection(attempt("airline", 4))).isEqualTo(new AttemptBudget.Retry(5));
    }

    @Test
    void shouldEndTheTaskOnceItsDomainsBudgetIsSpent() {
        assertThat(budget.afterRejection(attempt("retail", 3))).isEqualTo(new AttemptBudget.Exhausted(3));
        assertThat(budget.afterRejection(attempt("airline", 5))).isEqualTo(new AttemptBudget.Exhausted(5));
        // A record past its budget (e.g. the budget was lowered meanwhile) ends too
        assertThat(budget.afterRejection(attempt("retail", 7))).isEqualTo(new AttemptBudget.Exhausted(3));
    }
}
