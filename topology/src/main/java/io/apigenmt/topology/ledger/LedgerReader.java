package io.apigenmt.topology.ledger;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Folds the pipeline topics into a {@link Ledger}; call {@link #catchUp()} again to follow a running pipeline. */
public final class LedgerReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);

    private final TopicScan scan;
    private final Map<String, Consumer<byte[]>> folds = new HashMap<>();
    private final Ledger ledger;
    private final AvroWireCodec<SeedRequest> seeds;
    private final SeedCheck seedCheck;
    private final String seedsTopic;
    private long undecodable;

    public LedgerReader(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry,
                        SeedCheck seedCheck, Ledger ledger) {
        this.ledger = ledger;
        AvroWireCodec<SeedRequest> seeds = new AvroWireCodec<>(registry, SeedRequest.class, false);
        AvroWireCodec<TaskRequest> taskRequests = new AvroWireCodec<>(registry, TaskRequest.class, false);
        AvroWireCodec<Blueprint> candidates = new AvroWireCodec<>(registry, Blueprint.class, false);
        AvroWireCodec<RejectedBlueprint> retries = new AvroWireCodec<>(registry, RejectedBlueprint.class, false);
        AvroWireCodec<ApprovedBlueprint> approved = new AvroWireCodec<>(registry, ApprovedBlueprint.class, false);
        AvroWireCodec<Trajectory> verified = new AvroWireCodec<>(registry, Trajectory.class, false);
        AvroWireCodec<DeadLetter> dead = new AvroWireCodec<>(registry, DeadLetter.class, false);
        this.seeds = seeds;
        this.seedCheck = seedCheck;
        // Tasks only for redrives: a task sent back to generate is in flight again from its request on.
        folds.put(topics.tasks().name(), b -> ledger.onTask(taskRequests.deserialize(b)));
        folds.put(topics.candidates().name(), b -> ledger.onCandidate(candidates.deserialize(b)));
        folds.put(topics.retry().name(), b -> ledger.onRetry(retries.deserialize(b)));
        folds.put(topics.approved().name(), b -> ledger.onApproved(approved.deserialize(b)));
        folds.put(topics.verified().name(), b -> ledger.onVerified(verified.deserialize(b)));
        folds.put(topics.deadLetters().name(), b -> ledger.onDeadLetter(dead.deserialize(b)));
        this.seedsTopic = topics.seeds().name();
        List<String> scanned = new java.util.ArrayList<>(folds.keySet());
        scanned.add(seedsTopic);
        this.scan = new TopicScan(clientProps, scanned);
    }

    /** Records the ledger skipped because they could not be decoded (their stage dead-letters them). */
    public long undecodable() {
        return undecodable;
    }

    /** Reads every committed record up to the end offsets as of now. */
    public Ledger catchUp() {
        scan.catchUp(this::fold);
        return ledger;
    }

    private void fold(ConsumerRecord<String, byte[]> rec) {
        if (rec.topic().equals(seedsTopic)) {
            // Refused seeds are settled under their key, or where they were read (as fan-out names them).
            String id = rec.key() != null ? rec.key() : rec.topic() + "@" + rec.partition() + ":" + rec.offset();
            ledger.onSeed(seedCheck.check(rec.value(), seeds::deserialize), id);
            return;
        }
        try {
            folds.get(rec.topic()).accept(rec.value());
        } catch (RuntimeException e) {
            undecodable++;
            log.debug("ledger skipped undecodable record {}-{}@{}", rec.topic(), rec.partition(), rec.offset());
        }
    }

    @Override
    public void close() {
        scan.close();
    }
}
