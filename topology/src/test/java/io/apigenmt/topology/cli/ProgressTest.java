package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line's figures, on a clock the test moves. */
class ProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private final long[] now = {0};
    private final StringWriter written = new StringWriter();

    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(written), terminal, 40, () -> now[0]);
    }

    private static Progress.Counts counts(long verified, long dead, long rollout, long review) {
        Map<String, Long> byStage = new LinkedHashMap<>();
        byStage.put("generate", 0L);
        byStage.put("review", review);
        byStage.put("rollout", rollout);
        return new Progress.Counts(40, verified, dead, byStage);
    }

    @Test
    void shouldRedrawOneLineWithBarRateEtaAndTheBusiestStageOnATerminal() {
        Progress p = progress(true);
        now[0] = 30 * SECOND;
        p.show(counts(0, 0, 12, 28));
        now[0] = 60 * SECOND;
        p.show(counts(9, 1, 20, 10));
        p.done();

        String[] redraws = written.toString().split("\r");
        // 10 of 40 finished in the 30 s since the first look: 20/min, 30 left: 1m30s
        assertThat(redraws[redraws.length - 1]).isEqualTo(
                "[######..................] 10/40 done · 9 verified · 1 dead-lettered · 20.0/min · ETA 1m30s"
                        + " · most in rollout (20) · 1m00s\033[K" + System.lineSeparator());
        assertThat(written.toString()).doesNotContain("\n[");
    }

    @Test
    void shouldPrintAPlainLineEveryTenSecondsWithoutATerminal() {
        Progress p = progress(false);
        for (int s = 0; s <= 25; s++) {
            now[0] = s * SECOND;
            p.show(counts(s, 0, 40 - s, 0));
        }
        p.done();

        assertThat(written.toString().lines()).containsExactly(
                "0/40 done (0%) · 0 verified · 0 dead-lettered · ETA - · most in rollout (40) · 0s",
                "10/40 done (25%) · 10 verified · 0 dead-lettered · 60.0/min · ETA 30s · most in rollout (30) · 10s",
                "20/40 done (50%) · 20 verified · 0 dead-lettered · 60.0/min · ETA 20s · most in rollout (20) · 20s",
                // the last state, printed when the run ends between two lines
                "25/40 done (62%) · 25 verified · 0 dead-lettered · 60.0/min · ETA 15s · most in rollout (15) · 25s");
    }

    @Test
    void shouldRateOnlyTheLastMinute() {
        Progress p = progress(false);
        // 30 tasks in the first minute, then one a minute
        now[0] = 0;
        p.show(counts(0, 0, 40, 0));
        now[0] = 60 * SECOND;
        p.show(counts(30, 0, 10, 0));
        now[0] = 120 * SECOND;
        p.show(counts(31, 0, 9, 0));
        now[0] = 180 * SECOND;
        String line = p.line(counts(32, 0, 8, 0), now[0]);

        // measured over the minute before: 1 task, 8 left
        assertThat(line).contains("1.0/min").contains("ETA 8m00s");
    }

    @Test
    void shouldSayDurationsTheWayPeopleRead() {
        assertThat(Progress.duration(59)).isEqualTo("59s");
        assertThat(Progress.duration(61)).isEqualTo("1m01s");
        assertThat(Progress.duration(3720)).isEqualTo("1h02m");
    }
}
