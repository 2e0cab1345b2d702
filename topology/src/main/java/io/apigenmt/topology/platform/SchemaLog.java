package io.apigenmt.topology.platform;

import io.apigenmt.schemas.registry.Compatibility;

/** Where the registry makes its changes durable before applying them. */
interface SchemaLog {

    void appendSchema(String subject, int version, int id, String schema);

    /** {@code subject} null = the global level. */
    void appendConfig(String subject, Compatibility level);
}
