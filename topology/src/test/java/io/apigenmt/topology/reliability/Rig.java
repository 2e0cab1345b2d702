package io.apigenmt.topology.reliability;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What every reliability test stands on: a work directory, an embedded platform with the
 * pipeline topics (4 partitions) and a started sim-llm. Closing it stops them in reverse and
 * keeps the work directory's logs ({@link Harness#delete}); the worker processes are the test's.
 */
record Rig(Path work, EmbeddedPlatform platform, SimLlmServer sim) implements AutoCloseable {

    /** With the standard simulated model. */
    static Rig start(String prefix, SimLlmOptions options) throws Exception {
        return start(prefix, () -> SimLlm.server(options, DomainRegistry.load()));
    }

    /** With a simulated model of the test's own making (not yet started). */
    static Rig start(String prefix, Supplier<SimLlmServer> model) throws Exception {
        Path work = Harness.workDir(prefix);
        EmbeddedPlatform platform = EmbeddedPlatform.ephemeral();
        try {
            TopicAdmin.forBootstrap(platform.bootstrapServers()).createTopics(new Topics(), 4, (short) 1);
            SimLlmServer sim = model.get();
            sim.start();
            return new Rig(work, platform, sim);
        } catch (Exception | Error e) {
            // Half a rig is never handed to the test, so nothing else would close it.
            platform.close();
            Harness.delete(work);
            throw e;
        }
    }

    @Override
    public void close() {
        sim.close();
        platform.close();
        Harness.delete(work);
    }
}
