package io.apigenmt.connectors;

import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.schemas.export.TrajectoryFormatException;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryException;
import io.apigenmt.schemas.registry.WireFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per task_id, durably:
 * <ul>
 *   <li>lines go to a hidden per-task in-progress file; rotation (by size, by age, and on
 *       partition close/stop) fsyncs it and renames it atomically to its final name;
 *   <li>{@link #preCommit} hands Connect only offsets whose records are in finished files (or
 *       were skipped), so a crash loses nothing: unfinished records are delivered again;
 *   <li>records redelivered after a finished file but before the offset commit are caught by
 *       {@link SeenTaskIds}, rebuilt from the finished files on start and on every assignment.
 * </ul>
 * Undecodable or unrenderable records go to the errant record reporter (the connector's DLQ
 * under errors.tolerance=all) when the worker provides one, else they are logged and counted.
 */
public final class TrajectoryFileSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(TrajectoryFileSinkTask.class);

  private TrajectoryFileSinkConfig config;
  private TrajectoryFormat format;
  private AvroWireCodec<Trajectory> codec;
  private RollingJsonlFile file;
  private SeenTaskIds seen;
  private ErrantRecordReporter reporter;
  /** Next offset per partition whose records are all durable (in finished files or skipped). */
  private final Map<TopicPartition, Long> durable = new HashMap<>();
  /** Next offset per partition of records handled since the last rotation. */
  private final Map<TopicPartition, Long> pending = new HashMap<>();
  private long written;
  private long duplicates;
  private long badRecords;

  @Override
  public String version() {
    return Versions.plugin();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new TrajectoryFileSinkConfig(props);
    format = config.format();
    // Look up only: the rollout stage registers Trajectory; a sink never writes schemas.
    codec = new AvroWireCodec<>(RegistrySettings.client(config), Trajectory.class, false);
    OutputFiles files = new OutputFiles(config.outputDir(), config.filePrefix(), format);
    file = new RollingJsonlFile(files, config.taskIndex(), System::currentTimeMillis);
    seen = new SeenTaskIds(files);
    reporter = errantRecordReporter();
    try {
      if (file.discardLeftover()) {
        log.info("Discarded the unfinished file {} of a previous run; its records are redelivered",
            files.inProgress(config.taskIndex()));
      }
      seen.refresh();
    } catch (IOException e) {
      throw new ConnectException("Cannot prepare output directory " + config.outputDir(), e);
    }
    log.info("Writing {} lines to {} ({} task_ids already written; bad records {})", format,
        config.outputDir(), seen.size(), reporter == null ? "logged and skipped" : "reported");
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    try {
      // A partition's previous owner may have finished files since this task started.
      seen.refresh();
    } catch (IOException e) {
      throw new ConnectException("Cannot read finished files in " + config.outputDir(), e);
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      handle(record);
      // Redelivery after a retriable failure resumes here: handled offsets are tracked per
      // record, and records already written are skipped by the seen-set.
      pending.put(new TopicPartition(record.topic(), record.kafkaPartition()),
          record.kafkaOffset() + 1);
      if (file.bytes() >= config.rotateSizeBytes()) {
        rotate("size");
      }
    }
    if (file.ageMillis() >= config.rotateIntervalMs()) {
      rotate("age");
    }
    promoteIfNothingUnfinished();
  }

  private void handle(SinkRecord record) {
    Trajectory trajectory;
    try {
      trajectory = codec.deserialize(bytes(record));
    } catch (WireFormatException e) {
      bad(record, e);
      return;
    } catch (SchemaRegistryException e) {
      // The registry is unreachable or erroring: not the record's fault, so retry the batch.
      throw new RetriableException("Schema registry unavailable while decoding "
          + where(record) + ": " + e.getMessage(), e);
    }
    if (trajectory == null) {
      bad(record, new IllegalArgumentException("null value (tombstone) in a trajectory topic"));
      return;
    }
    if (seen.contains(trajectory.getTaskId())) {
      duplicates++;
      log.debug("Skipping {}: task_id {} is already written", where(record),
          trajectory.getTaskId());
      return;
    }
    String line;
    try {
      line = format.toJsonLine(trajectory);
    } catch (TrajectoryFormatException e) {
      bad(record, e);
      return;
    }
    try {
      file.append(line);
    } catch (IOException e) {
      throw new ConnectException("Cannot write to the in-progress file in "
          + config.outputDir(), e);
    }
    seen.add(trajectory.getTaskId());
    written++;
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    if (file.ageMillis() >= config.rotateIntervalMs()) {
      rotate("age");
    }
    promoteIfNothingUnfinished();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    durable.forEach((tp, next) -> {
      if (currentOffsets.containsKey(tp)) {
        commit.put(tp, new OffsetAndMetadata(next));
      }
    });
    return commit;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    // Finish rather than drop: the lines are complete, and the next owner skips them as seen.
    rotate("partitions closed");
    partitions.forEach(tp -> {
      durable.remove(tp);
      pending.remove(tp);
    });
  }

  @Override
  public void stop() {
    if (file != null) {
      rotate("stop");
    }
    log.info("Stopped: {} lines written, {} duplicates skipped, {} bad records this run",
        written, duplicates, badRecords);
  }

  private void rotate(String why) {
    Optional<Path> finished;
    long lines = file.lines();
    try {
      finished = file.finish();
    } catch (IOException e) {
      throw new ConnectException("Cannot finish the in-progress file in " + config.outputDir(), e);
    }
    finished.ifPresent(path -> {
      seen.markScanned(path);
      log.info("Finished {} ({} lines, rotated on {}); {} duplicates and {} bad records skipped "
          + "so far", path.getFileName(), lines, why, duplicates, badRecords);
    });
    durable.putAll(pending);
    pending.clear();
  }

  /** With no unfinished lines, skipped records (duplicates, bad ones) are durable as handled. */
  private void promoteIfNothingUnfinished() {
    if (file.isEmpty()) {
      durable.putAll(pending);
      pending.clear();
    }
  }

  private void bad(SinkRecord record, Exception cause) {
    badRecords++;
    if (reporter != null) {
      log.warn("Reporting bad record {} to the errant record reporter: {}", where(record),
          cause.getMessage());
      // Connect waits for the report to complete before committing this offset.
      reporter.report(record, cause);
    } else {
      log.warn("Skipping bad record {}: {} ({} bad records so far)", where(record),
          cause.getMessage(), badRecords);
    }
  }

  private static byte[] bytes(SinkRecord record) {
    Object value = record.value();
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    throw new ConnectException("Record values must be raw bytes: set value.converter="
        + "org.apache.kafka.connect.converters.ByteArrayConverter (got "
        + value.getClass().getName() + " at " + where(record) + ")");
  }

  private static String where(SinkRecord record) {
    return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      // Workers before Kafka 2.6 have no reporter; bad records are then logged and skipped.
      return null;
    }
  }
}
