package io.apigenmt.topology.pipeline.async;

import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The typed edges of an {@link AsyncJournalProcessor}, around its {@link AsyncWork}: how the raw
 * bytes it journals become the work's {@code IN}, what an input that does not decode becomes, and
 * which child node each {@code OUT} is forwarded to. The journal keeps raw bytes, so bad input is
 * journalled and routed like any other, in one place instead of in every work.
 *
 * <p>Must be thread-safe and must not block; every method runs on a stream thread.
 */
public interface AsyncEdges<IN, OUT> {

    /**
     * Decodes an input's value; called once per start of a unit (again on resubmission).
     *
     * @throws RuntimeException when the bytes are not an {@code IN} (a {@code null} value included)
     */
    IN decode(byte[] value);

    /**
     * The outputs of an input that {@link #decode} refused, or of a journal entry that could no
     * longer be read (then {@code input} holds the raw entry bytes and no key).
     */
    List<OUT> undecodable(Record<String, byte[]> input, RuntimeException cause);

    /** Where one output goes: the child node, the record key and value. Called when it is forwarded. */
    Routed route(OUT output);
}
