package io.apigenmt.topology.review;

/** One judge's verdict on a blueprint: four 0/1 items, a reflection and a suggested correction. */
public record JudgeScores(int correctness, int completeness, int satisfaction, int creativity, String reflection, String correction) {

    public JudgeScores {
        reflection = reflection == null ? "" : reflection;
        correction = correction == null ? "" : correction;
    }

    /** Mean of the four items, 0.0 to 1.0. */
    public double mean() {
        return (correctness + completeness + satisfaction + creativity) / 4.0;
    }
}
