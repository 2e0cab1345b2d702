package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.export.RejectReason;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Rows one layout got from an export: written, and rejected with their reasons. */
public final class LayoutRows {
    private long written;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();

    void written() {
        written++;
    }

    void rejected(RejectReason reason) {
        rejectedByReason.merge(reason.id(), 1L, Long::sum);
    }

    public long writtenCount() {
        return written;
    }

    public long rejectedCount() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> rejectedByReason() {
        return Collections.unmodifiableMap(rejectedByReason);
    }

    void writeTo(ObjectNode node) {
        node.put("written", written);
        node.put("rejected", rejectedCount());
        ObjectNode reasons = node.putObject("rejected_by_reason");
        rejectedByReason.forEach(reasons::put);
    }
}
