package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import picocli.CommandLine.Option;

/** {@code --llm-base-url} and {@code --model}: the model server and model, for run, worker and config show. */
final class ModelOption implements ConfigFlags {

    @Option(names = "--llm-base-url", paramLabel = "URL",
            description = "OpenAI-compatible endpoint of every role that does not set its own: llm.base_url (env APIGEN_LLM_BASE_URL).")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Model of every role that does not name its own in --config: llm.model (env APIGEN_LLM__MODEL)."
                    + " None configured: the one model the server lists, or the simulator's role names.")
    String model;

    @Override
    public void applyTo(ConfigLoader layers) {
        layers.flag("--llm-base-url", baseUrl, "llm.base_url").flag("--model", model, "llm.model");
    }
}
