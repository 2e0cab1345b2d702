package io.apigenmt.topology.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.JudgeVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committee's majority vote, as a pure function of the verdicts. */
class VoteTest {

    private final Vote vote = new Vote(0.75, 2);

    private static JudgeVerdict v(String judge, int c, int m, int s, int k) {
        return new JudgeVerdict(judge, false, c, m, s, k, "", "");
    }

    private static JudgeVerdict v(String judge, int c, int m, int s, int k, String reflection, String correction) {
        return new JudgeVerdict(judge, false, c, m, s, k, reflection, correction);
    }

    private static JudgeVerdict abstains(String judge) {
        return new JudgeVerdict(judge, true, 0, 0, 0, 0, "abstained: timeout", "");
    }

    @Test
    void shouldAcceptWithFullScoreWhenThreeJudgesAgreeOnEveryItem() {
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 1, 1, 1), v("b", 1, 1, 1, 1), v("c", 1, 1, 1, 1));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Accepted(1.0, verdicts));
    }

    @Test
    void shouldTakeTheMajorityPerItemNotTheMeanOfJudges() {
        // Every judge fails one item, a different one each: every item still has a 2-1 majority
        List<JudgeVerdict> verdicts = List.of(v("a", 0, 1, 1, 1), v("b", 1, 0, 1, 1), v("c", 1, 1, 0, 1));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Accepted(1.0, verdicts));
    }

    @Test
    void shouldRejectBelowTheThresholdWithEveryFailedItemAndTheReflections() {
        List<JudgeVerdict> verdicts = List.of(v("a", 0, 1, 1, 1, "Wrong order.", "Use #W2."), v("b", 0, 0, 1, 1),
                v("c", 1, 0, 1, 1, "Vague.", ""));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Rejected(0.5, List.of(
                "correctness (1/3 judges): the actions do not do what the instruction asks (or change more than asked)",
                "completeness (1/3 judges): the instruction lacks details needed to derive the actions",
                "a: Wrong order. Suggested correction: Use #W2.",
                "c: Vague."), verdicts));
    }

    @Test
    void shouldAcceptExactlyAtTheThreshold() {
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 1, 1, 0), v("b", 1, 1, 1, 0), v("c", 1, 1, 1, 1));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Accepted(0.75, verdicts));
    }

    @Test
    void shouldDecideFiveJudgesByThreeVotes() {
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 1, 0, 1), v("b", 1, 0, 1, 1), v("c", 1, 1, 1, 0),
                v("d", 0, 1, 1, 0), v("e", 0, 0, 0, 1));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Accepted(1.0, verdicts));
    }

    @Test
    void shouldRejectFiveJudgesWhenOnlyTwoSayYesOnTwoItems() {
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 1, 1, 1), v("b", 1, 1, 1, 1), v("c", 1, 0, 1, 0),
                v("d", 0, 0, 1, 0), v("e", 0, 0, 1, 0));

        Vote.Decision decision = vote.decide(verdicts);

        assertThat(decision).isEqualTo(new Vote.Rejected(0.5, List.of(
                "completeness (2/5 judges): the instruction lacks details needed to derive the actions",
                "creativity (2/5 judges): the task is implausible or trivial"), verdicts));
    }

    @Test
    void shouldCountATieAsNo() {
        // Two answering judges (the third abstains) split 1-1 on correctness and completeness
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 0, 1, 1), v("b", 0, 1, 1, 1), abstains("c"));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Rejected(0.5, List.of(
                "correctness (1/2 judges): the actions do not do what the instruction asks (or change more than asked)",
                "completeness (1/2 judges): the instruction lacks details needed to derive the actions"), verdicts));
    }

    @Test
    void shouldCountATieAmongFourJudgesAsNo() {
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 1, 1, 1), v("b", 1, 1, 1, 1), v("c", 0, 1, 1, 0),
                v("d", 0, 1, 1, 0));

        assertThat(vote.decide(verdicts)).isInstanceOfSatisfying(Vote.Rejected.class,
                r -> assertThat(r.score()).isEqualTo(0.5));
    }

    @Test
    void shouldLeaveAbstentionsOutOfTheMajority() {
        // Two of five abstain; the three that answered carry every item 2-1
        List<JudgeVerdict> verdicts = List.of(abstains("a"), v("b", 1, 1, 1, 1), abstains("c"), v("d", 1, 1, 1, 0),
                v("e", 0, 0, 0, 1));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Accepted(1.0, verdicts));
    }

    @Test
    void shouldNotDecideWithoutAQuorum() {
        List<JudgeVerdict> verdicts = List.of(abstains("a"), v("b", 1, 1, 1, 1), abstains("c"));

        assertThat(vote.decide(verdicts)).isEqualTo(new Vote.Rejected(0.0,
                List.of("no quorum: 1 of 3 judges answered, 2 needed"), verdicts));
    }

    @Test
    void shouldNotDecideWhenEveryJudgeAbstainsEvenWithAQuorumOfZero() {
        List<JudgeVerdict> verdicts = List.of(abstains("a"), abstains("b"));

        assertThat(new Vote(0.75, 0).decide(verdicts)).isEqualTo(new Vote.Rejected(0.0,
                List.of("no quorum: 0 of 2 judges answered, 0 needed"), verdicts));
    }

    @Test
    void shouldCapTheQuorumAtTheCommitteeSize() {
        List<JudgeVerdict> verdicts = List.of(v("solo", 1, 1, 1, 1));

        assertThat(new Vote(0.75, 3).decide(verdicts)).isEqualTo(new Vote.Accepted(1.0, verdicts));
    }

    @Test
    void shouldHonourAStricterThreshold() {
        List<JudgeVerdict> verdicts = List.of(v("a", 1, 1, 1, 0), v("b", 1, 1, 1, 0), v("c", 1, 1, 1, 0));

        assertThat(new Vote(1.0, 2).decide(verdicts)).isEqualTo(new Vote.Rejected(0.75,
                List.of("creativity (0/3 judges): the task is implausible or trivial"), verdicts));
    }
}
