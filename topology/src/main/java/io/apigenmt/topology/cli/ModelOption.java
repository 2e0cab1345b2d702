package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import picocli.CommandLine.Option;

/** {@code --llm-base-url}: the model server, for run, worker and config show. */
final class ModelOption implements ConfigFlags {

    @Option(names = "--llm-base-url", paramLabel = "URL",
            description = "OpenAI-compatible endpoint of every role that does not set its own: llm.base_url (env APIGEN_LLM_BASE_URL).")
    String baseUrl;

    @Override
    public void applyTo(ConfigLoader layers) {
        layers.flag("--llm-base-url", baseUrl, "llm.base_url");
    }
}
