package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import picocli.CommandLine.Option;

/** {@code --max-cost}: the budget, for run and worker. */
final class BudgetOption implements ConfigFlags {

    @Option(names = "--max-cost", paramLabel = "USD",
            description = "Stop taking new work once the spend reaches USD: model work in flight finishes, work not yet "
                    + "started ends as budget_exhausted dead letters (redrivable): cost.max_usd (env APIGEN_MAX_COST). "
                    + "Needs cost.prices for every model the roles use.")
    Double maxCost;

    @Override
    public void applyTo(ConfigLoader layers) {
        layers.flag("--max-cost", maxCost, "cost.max_usd");
    }
}
