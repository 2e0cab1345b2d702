package io.apigenmt.topology.worker;

import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.PausePolicy;
import io.apigenmt.topology.health.Problem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * The health of a worker's dependencies and the pauses of its stages, as gauges:
 * <ul>
 *   <li>{@code apigen_stage_paused{stage,reason}}: 1 while the stage is paused because a
 *       dependency it needs is down for {@code reason} (unreachable, timeout, server_error,
 *       rate_limited, unauthorized, not_found, bad_response), else 0; one series per reason, so
 *       {@code max by (stage)} is the paused state and the reason label says why</li>
 *   <li>{@code apigen_stage_paused_seconds{stage}}: time paused since the worker started</li>
 *   <li>{@code apigen_dependency_up{dependency}}: 1 while the dependency answers, 0 while down;
 *       {@code dependency} names the model and its endpoint (no credentials)</li>
 * </ul>
 */
public final class HealthMeters {

    private HealthMeters() {
    }

    public static void bind(MeterRegistry meters, Collection<PausePolicy> pauses, Collection<Dependency> dependencies) {
        for (PausePolicy policy : pauses) {
            for (Problem.Reason reason : Problem.Reason.values()) {
                Gauge.builder("apigen.stage.paused", policy,
                                p -> p.current().map(pause -> pause.reasons().contains(reason) ? 1.0 : 0.0).orElse(0.0))
                        .tags("stage", policy.stage(), "reason", reason.wire())
                        .description("1 while the stage is paused because a dependency it needs is down for this reason")
                        .register(meters);
            }
            Gauge.builder("apigen.stage.paused.seconds", policy, p -> p.pausedTotal().toMillis() / 1000.0)
                    .tag("stage", policy.stage())
                    .description("Time the stage spent paused for its dependencies").register(meters);
        }
        for (Dependency dependency : dependencies) {
            Gauge.builder("apigen.dependency.up", dependency, d -> d.isUp() ? 1.0 : 0.0)
                    .tag("dependency", dependency.name())
                    .description("1 while an outside dependency (a model endpoint) answers, 0 while it is down")
                    .register(meters);
        }
    }
}
