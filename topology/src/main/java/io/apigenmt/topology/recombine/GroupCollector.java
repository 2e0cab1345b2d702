package io.apigenmt.topology.recombine;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RecombinationGroup;
import io.apigenmt.schemas.RecombinationMember;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.StageMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Collects each group's member outcomes in a logged store until every member has one, then
 * hands the complete group on (as its Avro single-object encoding) to be combined, and keeps a
 * small "decided" marker so that a member approved again later (after a failed rollout sent it
 * back through the feedback loop) does not reopen the group. The first outcome per member counts.
 */
final class GroupCollector implements Processor<String, byte[], String, Object> {

    private final String storeName;
    private final String combineChild;
    private final String deadLetterChild;
    private final AvroWireCodec<RecombinationMember> codec;
    private final DeadLetters deadLetters;
    private final StageMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> groups;

    GroupCollector(String storeName, String combineChild, String deadLetterChild, AvroWireCodec<RecombinationMember> codec,
                   DeadLetters deadLetters, StageMetrics metrics) {
        this.storeName = storeName;
        this.combineChild = combineChild;
        this.deadLetterChild = deadLetterChild;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.groups = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn(RecombineStage.NAME);
        RecombinationMember member;
        try {
            member = codec.deserialize(record.value());
        } catch (RuntimeException e) {
            DeadLetter letter = deadLetters.undecodable(record.key(), RecombinationMember.class.getSimpleName(), e,
                    record.value());
            context.forward(record.withValue(letter), deadLetterChild);
            return;
        }
        RecombinationGroup group = load(member);
        if (group.getDecided() || group.getMembers().stream().anyMatch(m -> m.getMember() == member.getMember())) {
            metrics.recordOut(RecombineStage.NAME, "late-member");
            return;
        }
        List<RecombinationMember> members = new ArrayList<>(group.getMembers());
        members.add(member);
        group.setMembers(members);
        if (members.size() < group.getGroupSize()) {
            groups.put(group.getGroupId(), encode(group));
            return;
        }
        context.forward(record.withKey(group.getGroupId()).withValue(encode(group)), combineChild);
        groups.put(group.getGroupId(), encode(new RecombinationGroup(group.getGroupId(), group.getGroupSize(), true, List.of())));
    }

    private RecombinationGroup load(RecombinationMember member) {
        byte[] stored = groups.get(member.getGroupId());
        if (stored == null) {
            return new RecombinationGroup(member.getGroupId(), member.getGroupSize(), false, List.of());
        }
        return decode(stored);
    }

    static byte[] encode(RecombinationGroup group) {
        try {
            ByteBuffer buffer = group.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode recombination group " + group.getGroupId(), e);
        }
    }

    static RecombinationGroup decode(byte[] bytes) {
        try {
            return RecombinationGroup.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("not a recombination group", e);
        }
    }
}
