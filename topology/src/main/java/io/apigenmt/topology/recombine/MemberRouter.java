package io.apigenmt.topology.recombine;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RecombinationMember;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.pipeline.Membership;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Picks the Phase-1 outcomes of group members out of {@code blueprints.approved} and
 * {@code dead-letters} and re-keys them by group, so one task sees a whole group. Records of
 * tasks in no group pass by. Bytes it cannot decode are ignored here: the rollout stage reads
 * the same approvals and dead-letters them, and a dead letter is already the end of the line.
 */
final class MemberRouter implements Processor<String, byte[], String, RecombinationMember> {

    private final String approvedTopic;
    private final AvroWireCodec<ApprovedBlueprint> approvals;
    private final AvroWireCodec<DeadLetter> deadLetters;
    private ProcessorContext<String, RecombinationMember> context;

    MemberRouter(String approvedTopic, AvroWireCodec<ApprovedBlueprint> approvals, AvroWireCodec<DeadLetter> deadLetters) {
        this.approvedTopic = approvedTopic;
        this.approvals = approvals;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, RecombinationMember> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        boolean approval = context.recordMetadata().map(RecordMetadata::topic).map(approvedTopic::equals).orElse(false);
        try {
            (approval ? fromApproval(record.value()) : fromDeadLetter(record.value()))
                    .ifPresent(member -> context.forward(record.withKey(member.getGroupId()).withValue(member)));
        } catch (RuntimeException undecodable) {
            // See the class comment: reported where it is read as a task's input.
        }
    }

    private Optional<RecombinationMember> fromApproval(byte[] bytes) {
        ApprovedBlueprint approved = approvals.deserialize(bytes);
        Blueprint b = approved.getBlueprint();
        return Membership.of(b.getOptions()).map(m -> new RecombinationMember(m.groupId(), m.groupSize(), m.member(),
                b.getTaskId(), b.getSeedId(), b.getDomain(), "approved", b));
    }

    private Optional<RecombinationMember> fromDeadLetter(byte[] bytes) {
        DeadLetter letter = deadLetters.deserialize(bytes);
        if (letter.getTasks() != 1) {
            return Optional.empty();
        }
        return Membership.of(letter.getOptions()).map(m -> new RecombinationMember(m.groupId(), m.groupSize(), m.member(),
                letter.getId(), letter.getSeedId(), letter.getDomain(), letter.getReason(), null));
    }
}
