package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Blueprint;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one decision after a rejection: another attempt while the domain's budget lasts, else the end. */
class AttemptBudgetTest {

    private final AttemptBudget budget = AttemptBudget.of(ConfigLoader.defaults().build());

    private static Blueprint attempt(String domain, int attempt) {
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain(domain).setAttempt(attempt).setUserId("u")
                .setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("g")
                .setUsage(Usages.zero()).build();
    }

    @Test
    void shouldRetryWithTheNextAttemptWhileTheBudgetLasts() {
        assertThat(budget.afterRejection(attempt("retail", 1), OptionalInt.empty())).isEqualTo(new AttemptBudget.Retry(2));
        assertThat(budget.afterRejection(attempt("retail", 2), OptionalInt.empty())).isEqualTo(new AttemptBudget.Retry(3));
        assertThat(budget.afterRejection(attempt("airline", 4), OptionalInt.empty())).isEqualTo(new AttemptBudget.Retry(5));
    }

    @Test
    void shouldGiveARedrivenTaskItsBudgetAfreshCountedFromTheAttemptsItHadUsed() {
        // Given a retail task redriven after its third attempt was rejected
        Blueprint third = attempt("retail", 3);
        third.setOptions(new Redrives(1, 3).writeTo(Map.of()));
        Blueprint sixth = Blueprint.newBuilder(third).setAttempt(6).build();

        // Then it gets three more attempts, 4 to 6, and ends after the sixth
        assertThat(budget.afterRejection(third, OptionalInt.empty())).isEqualTo(new AttemptBudget.Retry(4));
        assertThat(budget.afterRejection(Blueprint.newBuilder(third).setAttempt(5).build(), OptionalInt.empty())).isEqualTo(new AttemptBudget.Retry(6));
        assertThat(budget.afterRejection(sixth, OptionalInt.empty())).isEqualTo(new AttemptBudget.Exhausted(3));
    }

    @Test
    void shouldEndTheTaskOnceItsDomainsBudgetIsSpent() {
        assertThat(budget.afterRejection(attempt("retail", 3), OptionalInt.empty())).isEqualTo(new AttemptBudget.Exhausted(3));
        assertThat(budget.afterRejection(attempt("airline", 5), OptionalInt.empty())).isEqualTo(new AttemptBudget.Exhausted(5));
        // A record past its budget (e.g. the budget was lowered meanwhile) ends too
        assertThat(budget.afterRejection(attempt("retail", 7), OptionalInt.empty())).isEqualTo(new AttemptBudget.Exhausted(3));
    }

    @Test
    void shouldTakeTheBudgetAnEnvironmentDeclaresUnlessTheConfigurationNamesItsDomain() {
        // Given a remote domain "library" declaring 4 attempts, and "retail" declaring 9
        // Then library gets its 4, where the configuration's default would have given 3
        assertThat(budget.afterRejection(attempt("library", 3), OptionalInt.of(4))).isEqualTo(new AttemptBudget.Retry(4));
        assertThat(budget.afterRejection(attempt("library", 4), OptionalInt.of(4))).isEqualTo(new AttemptBudget.Exhausted(4));
        // And a budget the configuration sets for the domain wins over the declared one
        assertThat(budget.afterRejection(attempt("retail", 3), OptionalInt.of(9))).isEqualTo(new AttemptBudget.Exhausted(3));
        // And without a declaration, a domain the configuration does not name gets the default
        assertThat(budget.afterRejection(attempt("library", 3), OptionalInt.empty())).isEqualTo(new AttemptBudget.Exhausted(3));
    }

    @Test
    void shouldEndAGivenTaskAtItsFirstRejection() {
        Blueprint given = Blueprint.newBuilder(attempt("airline", 1)).setGivenId("17").build();

        assertThat(budget.afterRejection(given, OptionalInt.of(5))).isEqualTo(new AttemptBudget.Exhausted(1));
    }
}
