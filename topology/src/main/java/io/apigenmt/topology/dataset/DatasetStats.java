package io.apigenmt.topology.dataset;

import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.ConversationShape;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.schemas.export.TrajectoryFormatException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IntSummaryStatistics;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a dataset card reports about the exported trajectories: counts per domain (and rows per
 * layout), conversation length, tool calls, and the models that played each role as the records
 * name them. Fed once per distinct trajectory, in any order.
 */
public final class DatasetStats {
    private final Map<String, Long> trajectoriesByDomain = new TreeMap<>();
    private final Map<String, Map<TrajectoryFormat, Long>> rowsByDomain = new TreeMap<>();
    private final IntSummaryStatistics customerTurns = new IntSummaryStatistics();
    private final IntSummaryStatistics agentReplies = new IntSummaryStatistics();
    private final IntSummaryStatistics toolCalls = new IntSummaryStatistics();
    private final Map<String, Long> toolCallsByName = new TreeMap<>();
    private final Map<String, Map<String, Long>> modelsByRole = new TreeMap<>();

    void add(Trajectory t) {
        trajectoriesByDomain.merge(t.getDomain(), 1L, Long::sum);
        t.getModels().forEach((role, model) ->
                modelsByRole.computeIfAbsent(role, r -> new TreeMap<>()).merge(model, 1L, Long::sum));
        ConversationShape shape;
        try {
            shape = ConversationShape.of(t);
        } catch (TrajectoryFormatException e) {
            return; // no training conversation at all: rejected in every layout, nothing to measure
        }
        customerTurns.accept(shape.customerTurns());
        agentReplies.accept(shape.agentReplies());
        toolCalls.accept(shape.toolCalls().size());
        shape.toolCalls().forEach(name -> toolCallsByName.merge(name, 1L, Long::sum));
    }

    void rowWritten(String domain, TrajectoryFormat format) {
        rowsByDomain.computeIfAbsent(domain, d -> new EnumMap<>(TrajectoryFormat.class)).merge(format, 1L, Long::sum);
    }

    public Map<String, Long> trajectoriesByDomain() {
        return Collections.unmodifiableMap(trajectoriesByDomain);
    }

    /** Rows written for the domain in the layout (0 when none). */
    public long rows(String domain, TrajectoryFormat format) {
        return rowsByDomain.getOrDefault(domain, Map.of()).getOrDefault(format, 0L);
    }

    /** Customer messages per training conversation. */
    public IntSummaryStatistics customerTurns() {
        return copy(customerTurns);
    }

    /** Agent replies the customer saw, per training conversation. */
    public IntSummaryStatistics agentReplies() {
        return copy(agentReplies);
    }

    /** Tool calls per training conversation. */
    public IntSummaryStatistics toolCalls() {
        return copy(toolCalls);
    }

    public Map<String, Long> toolCallsByName() {
        return Collections.unmodifiableMap(toolCallsByName);
    }

    /** Role → model → trajectories, from the records' {@code models} field. */
    public Map<String, Map<String, Long>> modelsByRole() {
        return Collections.unmodifiableMap(modelsByRole);
    }

    private static IntSummaryStatistics copy(IntSummaryStatistics s) {
        IntSummaryStatistics c = new IntSummaryStatistics();
        c.combine(s);
        return c;
    }
}
