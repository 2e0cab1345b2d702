package io.apigenmt.topology.fanout;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.async.AsyncJournal;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 1, fan-out: one seed becomes N tasks.
 * <ul>
 *   <li>reads {@code seeds} (key seed_id, SeedRequest, as raw bytes)</li>
 *   <li>writes {@code tasks} (key task_id = seed_id-index, TaskRequest); a seed with option
 *       {@code recombine=K} marks every K consecutive tasks as one recombination group; a seed
 *       of given tasks (tasks file) gives each task its given task</li>
 *   <li>writes {@code dead-letters} (key seed_id) for a seed that is undecodable, names an
 *       unknown domain, asks for no tasks or more than the cap</li>
 * </ul>
 * No model is called, so a plain processor suffices.
 */
public final class FanoutStage implements Stage {

    public static final String NAME = "fan-out";

    private final StageContext ctx;

    public FanoutStage(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Topology topology() {
        Topics topics = ctx.topics();
        SeedCheck check = new SeedCheck(ctx.domains().names(), ctx.config().fanout().maxTasksPerSeed(),
                ctx.config().fanout().maxPayloadBytes());
        AvroWireCodec<SeedRequest> codec = topics.seeds().codec(ctx.registry());
        DeadLetters deadLetters = ctx.deadLetters(NAME);
        Topology topology = new Topology();
        AsyncJournal.addRawSource(topology, topics.seeds().name(), topics.seeds().name());
        topology.addProcessor(NAME, () -> new FanoutProcessor(check, codec, deadLetters, topics, ctx), topics.seeds().name());
        topology.addSink(topics.tasks().name(), topics.tasks().name(), topics.tasks().keySerde().serializer(),
                topics.tasks().valueSerde(ctx.registry()).serializer(), NAME);
        topology.addSink(topics.deadLetters().name(), topics.deadLetters().name(),
                topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde(ctx.registry()).serializer(), NAME);
        return topology;
    }

    /** task_id of the index-th task of a seed. */
    public static String taskId(String seedId, int index) {
        return seedId + "-" + index;
    }

    /**
     * A per-task seed that differs for every index yet is fixed by the seed's random_seed
     * (SplitMix64), kept to its top 53 bits: 0 <= v < 2^53, so JavaScript and JSON consumers of
     * the tasks and blueprints topics decode it exactly. Any 64-bit seed is accepted as input.
     */
    static long taskRandomSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 11;
    }

    private static final class FanoutProcessor implements Processor<String, byte[], String, Object> {

        private final SeedCheck check;
        private final AvroWireCodec<SeedRequest> codec;
        private final DeadLetters deadLetters;
        private final Topics topics;
        private final StageContext ctx;
        private ProcessorContext<String, Object> context;

        FanoutProcessor(SeedCheck check, AvroWireCodec<SeedRequest> codec, DeadLetters deadLetters, Topics topics,
                        StageContext ctx) {
            this.check = check;
            this.codec = codec;
            this.deadLetters = deadLetters;
            this.topics = topics;
            this.ctx = ctx;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            ctx.metrics().recordIn(NAME);
            SeedCheck.Outcome outcome = check.check(record.value(), codec::deserialize);
            if (outcome instanceof SeedCheck.Accepted accepted) {
                SeedRequest seed = accepted.seed();
                for (int i = 0; i < seed.getTasks(); i++) {
                    int index = i;
                    Map<String, String> options = accepted.recombination()
                            .map(plan -> plan.taskOptions(seed.getSeedId(), seed.getOptions(), index, seed.getTasks()))
                            .orElse(seed.getOptions());
                    TaskRequest task = TaskRequest.newBuilder()
                            .setTaskId(taskId(seed.getSeedId(), i))
                            .setSeedId(seed.getSeedId())
                            .setDomain(seed.getDomain())
                            .setIndex(i)
                            .setRandomSeed(taskRandomSeed(seed.getRandomSeed(), i))
                            .setOptions(options)
                            .setGiven(seed.getGivenTasks().isEmpty() ? null : seed.getGivenTasks().get(i))
                            .build();
                    context.forward(record.withKey(task.getTaskId()).withValue(task), topics.tasks().name());
                }
                ctx.metrics().recordOut(NAME, "tasks");
            } else if (outcome instanceof SeedCheck.Refused refused) {
                String id = refused.seed() != null && !refused.seed().getSeedId().isBlank()
                        ? refused.seed().getSeedId()
                        : record.key() != null ? record.key() : topics.seeds().name() + "@" + context.recordMetadata()
                                .map(m -> m.partition() + ":" + m.offset()).orElse("?");
                String domain = refused.seed() == null ? "" : refused.seed().getDomain();
                DeadLetter dl = deadLetters.forSeed(id, domain, refused.reason(), refused.error(), record.value());
                context.forward(record.withKey(id).withValue(dl), topics.deadLetters().name());
                ctx.metrics().recordOut(NAME, "dead-letter." + refused.reason().wire());
            }
        }
    }
}
