package io.apigenmt.topology.pipeline.async;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An {@link AsyncWork} whose futures the test completes by hand, identified by input value.
 * Values {@code "bad"} complete at once with a dead letter (as a stage does for undecodable
 * bytes); {@code "throw"} makes {@code start()} throw.
 */
final class ScriptedWork implements AsyncWork {

    static final String OUT = "out";
    static final String DEAD_LETTERS = "dead-letters";

    private final List<Record<String, byte[]>> started = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<List<Routed>>> pending = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<List<Routed>> start(Record<String, byte[]> input) {
        started.add(input);
        String value = text(input.value());
        if ("throw".equals(value)) {
            throw new IllegalStateException("start blew up");
        }
        if ("bad".equals(value)) {
            return CompletableFuture.completedFuture(
                    List.of(Routed.to(DEAD_LETTERS, input.key(), "undecodable:" + value)));
        }
        CompletableFuture<List<Routed>> future = new CompletableFuture<>();
        pending.put(value, future);
        return future;
    }

    @Override
    public List<Routed> onFailure(Record<String, byte[]> input, Throwable cause) {
        return List.of(Routed.to(DEAD_LETTERS, input.key(), "failed:" + cause.getMessage()));
    }

    /** Completes the unit of the input with this value, producing "done:value" on "out". */
    void succeed(String value, String key) {
        future(value).complete(List.of(Routed.to(OUT, key, "done:" + value)));
    }

    void fail(String value, String message) {
        future(value).completeExceptionally(new RuntimeException(message));
    }

    /** Removes and returns the future of the unit in flight for this value. */
    CompletableFuture<List<Routed>> take(String value) {
        return future(value);
    }

    List<String> startedValues() {
        return started.stream().map(record -> text(record.value())).toList();
    }

    List<Record<String, byte[]>> started() {
        return List.copyOf(started);
    }

    private CompletableFuture<List<Routed>> future(String value) {
        CompletableFuture<List<Routed>> future = pending.remove(value);
        if (future == null) {
            throw new IllegalStateException("no unit in flight for value " + value);
        }
        return future;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
