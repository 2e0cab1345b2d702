package io.apigenmt.connectors;

import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the seed file. Source partition {"file": absolute path}; source offset {"line": number
 * of the last line handled, "position": byte just after it}, so a restarted task resumes after
 * the last published seed instead of publishing the file again. Invalid lines are logged with
 * file:line and the reason and skipped (their offset rides on the next seed), or fail the task
 * when on.invalid=fail.
 */
public final class SeedFileSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(SeedFileSourceTask.class);
  static final String PARTITION_FILE = "file";
  static final String OFFSET_LINE = "line";
  static final String OFFSET_POSITION = "position";

  private SeedFileSourceConfig config;
  private Path file;
  private Map<String, String> sourcePartition;
  private AvroWireCodec<SeedRequest> codec;
  private SeedLine parser;
  private volatile LineTailer tailer;
  private long resumeLine;
  private long resumePosition;
  private boolean waitingLogged;
  private long published;
  private long invalid;
  private CountDownLatch stopped;

  @Override
  public String version() {
    return Versions.plugin();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SeedFileSourceConfig(props);
    file = config.file();
    sourcePartition = Map.of(PARTITION_FILE, file.toString());
    codec = new AvroWireCodec<>(RegistrySettings.client(config), SeedRequest.class, true);
    parser = new SeedLine(config.maxTasksPerSeed(), config.allowedDomains());
    stopped = new CountDownLatch(1);
    Map<String, Object> offset = context.offsetStorageReader().offset(sourcePartition);
    if (offset != null) {
      resumeLine = asLong(offset.get(OFFSET_LINE));
      resumePosition = asLong(offset.get(OFFSET_POSITION));
    }
    log.info("Publishing seeds from {} to {}, resuming after line {}", file, config.topic(),
        resumeLine);
  }

  @Override
  public List<SourceRecord> poll() {
    if (tailer == null && !openTailer()) {
      pause();
      return null;
    }
    int schemaId;
    try {
      // Resolve the id before reading: a registry outage then leaves the file position alone.
      schemaId = codec.schemaId(config.topic());
    } catch (SchemaRegistryException e) {
      throw new RetriableException("Schema registry unavailable: " + e.getMessage(), e);
    }
    List<LineTailer.Line> lines;
    try {
      lines = tailer.next(config.batchSize(), 2 * config.pollIntervalMs());
    } catch (IOException e) {
      if (stopped.getCount() == 0) {
        return null;
      }
      throw new ConnectException("Cannot read seed file " + file, e);
    }
    List<SourceRecord> records = new ArrayList<>();
    for (LineTailer.Line line : lines) {
      if (line.text().isBlank()) {
        continue;
      }
      SeedLine.Result result = parser.parse(line.text());
      if (result instanceof SeedLine.Valid valid) {
        records.add(record(line, valid.seed()));
      } else if (result instanceof SeedLine.Invalid bad) {
        invalidLine(line, bad.reason());
      }
    }
    if (lines.isEmpty()) {
      pause();
      return null;
    }
    log.debug("Read {} lines, {} seeds with schema id {}", lines.size(), records.size(), schemaId);
    return records;
  }

  private SourceRecord record(LineTailer.Line line, SeedRequest seed) {
    published++;
    Map<String, Long> offset = Map.of(OFFSET_LINE, line.number(),
        OFFSET_POSITION, line.endPosition());
    return new SourceRecord(sourcePartition, offset, config.topic(), null,
        Schema.STRING_SCHEMA, seed.getSeedId(),
        Schema.BYTES_SCHEMA, codec.serialize(config.topic(), seed));
  }

  private void invalidLine(LineTailer.Line line, String reason) {
    invalid++;
    String where = file + ":" + line.number();
    if (config.onInvalid() == SeedFileSourceConfig.OnInvalid.FAIL) {
      throw new ConnectException("Invalid seed at " + where + ": " + reason
          + " (on.invalid=fail; fix the line and restart the task)");
    }
    log.warn("Skipping invalid seed at {}: {} ({} invalid lines so far)", where, reason, invalid);
  }

  private boolean openTailer() {
    if (!Files.isRegularFile(file)) {
      if (!waitingLogged) {
        log.info("Seed file {} does not exist yet; waiting for it", file);
        waitingLogged = true;
      }
      return false;
    }
    try {
      long size = Files.size(file);
      if (resumePosition > size) {
        // The file was replaced by a shorter one: its lines are new seeds.
        log.warn("Seed file {} is shorter ({} bytes) than the stored position {}; reading it "
            + "from the start", file, size, resumePosition);
        resumePosition = 0;
        resumeLine = 0;
      }
      tailer = new LineTailer(file, resumePosition, resumeLine, System::currentTimeMillis);
      return true;
    } catch (IOException e) {
      throw new ConnectException("Cannot open seed file " + file, e);
    }
  }

  /** Waits for new lines, waking at once when the task is stopped. */
  private void pause() {
    try {
      stopped.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    if (stopped != null) {
      stopped.countDown();
    }
    LineTailer open = tailer;
    if (open != null) {
      try {
        // poll() may be reading on the task thread; it sees the stop and returns quietly.
        open.close();
      } catch (IOException e) {
        log.debug("Closing {} failed: {}", file, e.getMessage());
      }
    }
    log.info("Stopping: {} seeds published, {} invalid lines this run", published, invalid);
  }

  private static long asLong(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }
}
