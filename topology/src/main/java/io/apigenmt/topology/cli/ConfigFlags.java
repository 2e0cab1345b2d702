package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;

/** A group of flags that set configuration keys: adds the given ones to the flag layer. */
@FunctionalInterface
interface ConfigFlags {
    void applyTo(ConfigLoader layers);
}
