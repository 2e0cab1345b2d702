/**
 * The health of the pipeline's outside dependencies — model endpoints now, remote tool
 * environments next — and what a stage does about it: waits. Four types make the mechanism:
 * <ul>
 *   <li>{@link io.apigenmt.topology.health.Dependency}: one dependency, up or down with a
 *       {@link io.apigenmt.topology.health.Problem} (a reason from a closed set and a message);
 *       marked down and up only by its {@link io.apigenmt.topology.health.Probe}; listeners.</li>
 *   <li>{@link io.apigenmt.topology.health.Unavailable}: what a client throws for a call made
 *       while its dependency is down, or whose failure a probe blamed on the dependency. Work
 *       that fails with it is not a failure: the async journal keeps it and redoes it when the
 *       dependency answers.</li>
 *   <li>{@link io.apigenmt.topology.health.PausePolicy}: pauses a stage
 *       ({@link io.apigenmt.topology.health.Pausable}, e.g. its Kafka Streams instance) while any
 *       dependency it needs is down, and keeps the history of its
 *       {@link io.apigenmt.topology.health.Pause}s.</li>
 * </ul>
 * A client of a new kind of dependency (a remote environment) needs three calls:
 * <pre>
 * Dependency env = new Dependency("environment retail at http://env:9000", probe, scheduler,
 *         Dependency.Schedule.defaults(), clock);
 * // before a call:      env.unavailable().ifPresent(u -&gt; { throw u; });
 * // after a success:    env.answered(sentAtNanos);
 * // after a failure the client's own retries could not fix:
 * env.check(failedAtNanos).thenAccept(problem -&gt; problem.isPresent() ? fail with new Unavailable(env, problem.get())
 *                                                                    : fail with the call's own error);
 * </pre>
 * and its stage declares {@code env} among the dependencies it needs ({@code Stage#dependencies}).
 * docs/endpoint-health.md tells how pausing meets the async journal's guarantees.
 * The package depends on nothing else of the project.
 */
package io.apigenmt.topology.health;
