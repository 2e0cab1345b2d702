package io.apigenmt.connectors;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Settings of {@link SeedFileSourceConnector}; each one declared once with its validator. */
final class SeedFileSourceConfig extends AbstractConfig {
  static final String FILE = "file";
  static final String TOPIC = "topic";
  static final String BATCH_SIZE = "batch.size";
  static final String POLL_INTERVAL_MS = "poll.interval.ms";
  static final String ON_INVALID = "on.invalid";
  static final String MAX_TASKS_PER_SEED = "max.tasks.per.seed";
  static final String ALLOWED_DOMAINS = "allowed.domains";

  enum OnInvalid { SKIP, FAIL }

  private static final String GROUP = "Seeds";

  static final ConfigDef CONFIG_DEF = RegistrySettings.define(new ConfigDef()
      .define(FILE, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
          new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
          "Path of the JSONL seed file, one {\"seed_id\",\"domain\",\"tasks\",\"random_seed\","
              + "\"options\"} object per line. Read from the last published line and tailed for "
              + "appended lines; the path must be readable by the worker running the task.",
          GROUP, 1, ConfigDef.Width.LONG, "Seed file")
      .define(TOPIC, ConfigDef.Type.STRING, "apigen.seeds", new ConfigDef.NonEmptyString(),
          ConfigDef.Importance.HIGH,
          "Topic the SeedRequest values go to (the pipeline's seeds topic, with its prefix).",
          GROUP, 2, ConfigDef.Width.MEDIUM, "Topic")
      .define(ON_INVALID, ConfigDef.Type.STRING, "skip",
          ConfigDef.CaseInsensitiveValidString.in("skip", "fail"), ConfigDef.Importance.MEDIUM,
          "What an invalid line does: skip (log file:line and the reason, go on) or fail (stop "
              + "the task with that message; fix the line and restart the task).",
          GROUP, 3, ConfigDef.Width.SHORT, "On invalid line")
      .define(MAX_TASKS_PER_SEED, ConfigDef.Type.INT, 100_000, ConfigDef.Range.between(1,
              Integer.MAX_VALUE), ConfigDef.Importance.MEDIUM,
          "Largest accepted \"tasks\" of one seed; larger requests are invalid lines.",
          GROUP, 4, ConfigDef.Width.SHORT, "Max tasks per seed")
      .define(ALLOWED_DOMAINS, ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW,
          "Domains accepted (e.g. retail,airline); empty accepts any and leaves unknown "
              + "domains to the pipeline's dead letters.",
          GROUP, 5, ConfigDef.Width.MEDIUM, "Allowed domains")
      .define(BATCH_SIZE, ConfigDef.Type.INT, 500, ConfigDef.Range.between(1, 100_000),
          ConfigDef.Importance.LOW, "Most lines returned by one poll.",
          GROUP, 6, ConfigDef.Width.SHORT, "Batch size")
      .define(POLL_INTERVAL_MS, ConfigDef.Type.LONG, 1_000L, ConfigDef.Range.between(10,
              60_000), ConfigDef.Importance.LOW,
          "How long a poll waits for new lines at the end of the file.",
          GROUP, 7, ConfigDef.Width.SHORT, "Poll interval"));

  SeedFileSourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
  }

  Path file() {
    return Path.of(getString(FILE)).toAbsolutePath().normalize();
  }

  String topic() {
    return getString(TOPIC);
  }

  OnInvalid onInvalid() {
    return OnInvalid.valueOf(getString(ON_INVALID).toUpperCase(Locale.ROOT));
  }

  int maxTasksPerSeed() {
    return getInt(MAX_TASKS_PER_SEED);
  }

  Set<String> allowedDomains() {
    Set<String> domains = new HashSet<>();
    for (String d : getList(ALLOWED_DOMAINS)) {
      if (!d.isBlank()) {
        domains.add(d.trim());
      }
    }
    return domains;
  }

  int batchSize() {
    return getInt(BATCH_SIZE);
  }

  long pollIntervalMs() {
    return getLong(POLL_INTERVAL_MS);
  }
}
