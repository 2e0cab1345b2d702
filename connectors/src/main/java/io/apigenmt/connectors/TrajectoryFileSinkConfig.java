package io.apigenmt.connectors;

import io.apigenmt.schemas.export.TrajectoryFormat;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Settings of {@link TrajectoryFileSinkConnector}; each one declared once with its validator. */
final class TrajectoryFileSinkConfig extends AbstractConfig {
  static final String OUTPUT_DIR = "output.dir";
  static final String FORMAT = "format";
  static final String FILE_PREFIX = "file.prefix";
  static final String ROTATE_SIZE_BYTES = "rotate.size.bytes";
  static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
  /** Set by the connector on each task config; tells tasks' in-progress files apart. */
  static final String TASK_INDEX = "task.index";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final String GROUP = "Files";

  static final ConfigDef CONFIG_DEF = RegistrySettings.define(new ConfigDef()
      .define(OUTPUT_DIR, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
          new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
          "Directory the JSONL files are written to; created when missing. Every task of the "
              + "connector must see the same directory (a shared volume when tasks run on "
              + "several workers).",
          GROUP, 1, ConfigDef.Width.LONG, "Output directory")
      .define(FORMAT, ConfigDef.Type.STRING, TrajectoryFormat.SHAREGPT.id(), new FormatName(),
          ConfigDef.Importance.HIGH,
          "Line layout: sharegpt (APIGen-MT-5k conversations) or openai (chat messages + tools).",
          GROUP, 2, ConfigDef.Width.SHORT, "Format")
      .define(FILE_PREFIX, ConfigDef.Type.STRING, "trajectories", new Prefix(),
          ConfigDef.Importance.MEDIUM,
          "Finished files are named <prefix>.<format>.<openedAtMillis>-<task>-<seq>.jsonl.",
          GROUP, 3, ConfigDef.Width.MEDIUM, "File prefix")
      .define(ROTATE_SIZE_BYTES, ConfigDef.Type.LONG, 64L * 1024 * 1024,
          ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
          "A file is finished (fsync + rename) once it holds at least this many bytes.",
          GROUP, 4, ConfigDef.Width.SHORT, "Rotate size")
      .define(ROTATE_INTERVAL_MS, ConfigDef.Type.LONG, 60_000L, ConfigDef.Range.atLeast(1),
          ConfigDef.Importance.MEDIUM,
          "A non-empty file is finished once it has been open this long. Offsets are committed "
              + "only for records in finished files, so this bounds how far a restart re-reads.",
          GROUP, 5, ConfigDef.Width.SHORT, "Rotate interval")
      .defineInternal(TASK_INDEX, ConfigDef.Type.INT, 0, ConfigDef.Importance.LOW));

  TrajectoryFileSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
  }

  Path outputDir() {
    return Path.of(getString(OUTPUT_DIR));
  }

  TrajectoryFormat format() {
    return TrajectoryFormat.parse(getString(FORMAT));
  }

  String filePrefix() {
    return getString(FILE_PREFIX);
  }

  long rotateSizeBytes() {
    return getLong(ROTATE_SIZE_BYTES);
  }

  long rotateIntervalMs() {
    return getLong(ROTATE_INTERVAL_MS);
  }

  int taskIndex() {
    return getInt(TASK_INDEX);
  }

  private static final class FormatName implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        TrajectoryFormat.parse(value == null ? null : value.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "must be one of " + this);
      }
    }

    @Override
    public String toString() {
      return Arrays.stream(TrajectoryFormat.values()).map(TrajectoryFormat::id)
          .collect(Collectors.joining(", ", "[", "]"));
    }
  }

  /** No dots or slashes: the prefix is a file-name component that the seen-set scan parses. */
  private static final class Prefix implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || !PREFIX.matcher(value.toString()).matches()) {
        throw new ConfigException(name, value,
            "must be letters, digits, '_' or '-', starting with a letter or digit");
      }
    }

    @Override
    public String toString() {
      return PREFIX.pattern();
    }
  }
}
