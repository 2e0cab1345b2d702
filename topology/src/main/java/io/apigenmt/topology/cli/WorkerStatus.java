package io.apigenmt.topology.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The worker's status line, printed once a minute: its stages' state, what they took in since
 * the last line, the model calls made, and the work in flight per stage.
 */
final class WorkerStatus {

    /** Cumulative counts at one moment (the worker's own meters). */
    record Totals(Map<String, Long> recordsIn, Map<String, Long> inFlight, long modelCalls, Map<String, KafkaStreams.State> states) {}

    private Totals previous;

    WorkerStatus(Totals start) {
        this.previous = start;
    }

    String line(Totals now) {
        long running = now.states().values().stream()
                .filter(s -> s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING).count();
        Map<String, Long> taken = new LinkedHashMap<>();
        now.recordsIn().forEach((stage, n) -> {
            long delta = n - previous.recordsIn().getOrDefault(stage, 0L);
            if (delta > 0) {
                taken.put(stage, delta);
            }
        });
        long calls = now.modelCalls() - previous.modelCalls();
        previous = now;
        StringBuilder s = new StringBuilder("worker: ").append(running).append('/').append(now.states().size()).append(" stages running");
        String notRunning = now.states().entrySet().stream()
                .filter(e -> e.getValue() != KafkaStreams.State.RUNNING && e.getValue() != KafkaStreams.State.REBALANCING)
                .map(e -> e.getKey() + " " + e.getValue().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        if (!notRunning.isEmpty()) {
            s.append(" (").append(notRunning).append(')');
        }
        if (taken.isEmpty() && calls == 0) {
            s.append(" · idle this minute");
        } else {
            s.append(" · last minute: ").append(taken.values().stream().mapToLong(Long::longValue).sum()).append(" records in");
            if (!taken.isEmpty()) {
                s.append(" (").append(join(taken)).append(')');
            }
            s.append(", ").append(calls).append(" model calls");
        }
        Map<String, Long> busy = new LinkedHashMap<>();
        now.inFlight().forEach((stage, n) -> {
            if (n > 0) {
                busy.put(stage, n);
            }
        });
        if (!busy.isEmpty()) {
            s.append(" · in flight: ").append(join(busy));
        }
        return s.toString();
    }

    private static String join(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
