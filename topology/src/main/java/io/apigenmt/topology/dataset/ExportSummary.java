package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.export.TrajectoryFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one pass over {@code trajectories.verified} produced: rows per layout (written, rejected
 * with reasons), the distinct trajectories behind them, and what was skipped on the way.
 *
 * @param trajectories      distinct verified trajectories (by task_id) of the selected seeds
 * @param duplicatesSkipped later records of a task_id already exported (the first committed wins)
 * @param undecodable       records of the topic that could not be decoded (logged)
 */
public record ExportSummary(Map<TrajectoryFormat, LayoutRows> layouts, long trajectories, long duplicatesSkipped,
                            long undecodable, DatasetStats stats) {

    public ExportSummary {
        layouts = Collections.unmodifiableMap(new LinkedHashMap<>(layouts));
    }

    public LayoutRows rows(TrajectoryFormat format) {
        LayoutRows rows = layouts.get(format);
        if (rows == null) {
            throw new IllegalArgumentException("layout " + format + " was not exported");
        }
        return rows;
    }

    public long rejected() {
        return layouts.values().stream().mapToLong(LayoutRows::rejectedCount).sum();
    }

    /** The report's {@code rows} section: per layout written, rejected and rejected_by_reason. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("trajectories", trajectories);
        node.put("duplicates_skipped", duplicatesSkipped);
        node.put("undecodable", undecodable);
        ObjectNode perLayout = node.putObject("layouts");
        layouts.forEach((format, rows) -> rows.writeTo(perLayout.putObject(format.id())));
        return node;
    }
}
