/**
 * The LLM layer: OpenAI-compatible chat completions per role, with retries, an adaptive
 * per-endpoint concurrency limit, structured (JSON) answers and accounting.
 *
 * <pre>
 * // once per worker process
 * LlmSettings settings = pipelineConfig.llm();   // resolved with every other key (LlmSettings.SECTION)
 * LlmRuntime runtime = LlmRuntime.create(settings, new MicrometerLlmMetrics(registry), env::get);
 *
 * // per stage
 * ModelRoles roles = runtime.roles(settings);
 * StructuredCall.completeJson(roles.generator(), ChatRequest.json(messages), parser, 2, runtime.metrics())
 *     .whenComplete((structured, error) -> {
 *         // structured.value(), structured.usage() — or LlmException.from(error).kind() / .usage()
 *     });
 *
 * runtime.close(); // at shutdown, after the stages
 * </pre>
 *
 * Futures complete on OkHttp or scheduler threads: hand results back to the stream thread,
 * never block on them there. API keys live only in {@link io.apigenmt.topology.llm.ApiKey}.
 */
package io.apigenmt.topology.llm;
