package io.apigenmt.topology.pipeline.async;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An {@link AsyncWork} on text values whose futures the test completes by hand, identified by
 * input value, with its {@link AsyncEdges}: the value {@code "bad"} does not decode (and becomes
 * a dead letter {@code "undecodable:bad"}); {@code "throw"} makes {@code start()} throw. Outputs
 * are {@link Routed} as they are.
 */
final class ScriptedWork implements AsyncWork<String, Routed>, AsyncEdges<String, Routed> {

    static final String OUT = "out";
    static final String DEAD_LETTERS = "dead-letters";

    private final List<Input<String>> started = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<List<Routed>>> pending = new ConcurrentHashMap<>();

    @Override
    public String decode(byte[] value) {
        String text = text(value);
        if ("bad".equals(text)) {
            throw new IllegalArgumentException("not a good value");
        }
        return text;
    }

    @Override
    public List<Routed> undecodable(Record<String, byte[]> input, RuntimeException cause) {
        return List.of(Routed.to(DEAD_LETTERS, input.key(), "undecodable:" + text(input.value())));
    }

    @Override
    public Routed route(Routed output) {
        return output;
    }

    @Override
    public CompletableFuture<List<Routed>> start(Input<String> input) {
        started.add(input);
        if ("throw".equals(input.value())) {
            throw new IllegalStateException("start blew up");
        }
        CompletableFuture<List<Routed>> future = new CompletableFuture<>();
        pending.put(input.value(), future);
        return future;
    }

    @Override
    public List<Routed> onFailure(Input<String> input, Throwable cause) {
        return List.of(Routed.to(DEAD_LETTERS, input.key(), "failed:" + cause.getMessage()));
    }

    /** Completes the unit of the input with this value, producing "done:value" on "out". */
    void succeed(String value, String key) {
        future(value).complete(List.of(Routed.to(OUT, key, "done:" + value)));
    }

    void fail(String value, String message) {
        future(value).completeExceptionally(new RuntimeException(message));
    }

    void fail(String value, Throwable cause) {
        future(value).completeExceptionally(cause);
    }

    /** Removes and returns the future of the unit in flight for this value. */
    CompletableFuture<List<Routed>> take(String value) {
        return future(value);
    }

    List<String> startedValues() {
        return started.stream().map(Input::value).toList();
    }

    List<Input<String>> started() {
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
