package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Blueprint;
import java.util.List;
import java.util.Map;
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
    void shouldGiveARedrivenTaskItsBudgetAfreshCountedFromTheAttemptsItHadUsed() {
        // Given a retail task redriven after its third attempt was rejected
        Blueprint third = attempt("retail", 3);
        third.setOptions(new Redrives(1, 3).writeTo(Map.of()));
        Blueprint sixth = Blueprint.newBuilder(third).setAttempt(6).build();

        // Then it gets three more attempts, 4 to 6, and ends after the sixth
        assertThat(budget.afterRejection(third)).isEqualTo(new AttemptBudget.Retry(4));
        assertThat(budget.afterRejection(Blueprint.newBuilder(third).setAttempt(5).build())).isEqualTo(new AttemptBudget.Retry(6));
        assertThat(budget.afterRejection(sixth)).isEqualTo(new AttemptBudget.Exhausted(3));
    }

    @Test
    void shouldEndTheTaskOnceItsDomainsBudgetIsSpent() {
        assertThat(budget.afterRejection(attempt("retail", 3))).isEqualTo(new AttemptBudget.Exhausted(3));
        assertThat(budget.afterRejection(attempt("airline", 5))).isEqualTo(new AttemptBudget.Exhausted(5));
        // A record past its budget (e.g. the budget was lowered meanwhile) ends too
        assertThat(budget.afterRejection(attempt("retail", 7))).isEqualTo(new AttemptBudget.Exhausted(3));
    }
}
