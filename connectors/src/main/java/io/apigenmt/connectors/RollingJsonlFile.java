package io.apigenmt.connectors;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One task's in-progress JSONL file. Lines are appended to a hidden file; {@link #finish()}
 * flushes, fsyncs and atomically renames it to its final name, then fsyncs the directory, so a
 * finished file is either complete on disk or absent. Not thread-safe: a sink task is driven by
 * one thread.
 */
final class RollingJsonlFile implements AutoCloseable {
  private final OutputFiles files;
  private final int taskIndex;
  private final LongSupplier clock;
  private FileChannel channel;
  private OutputStream out;
  private long bytes;
  private long lines;
  private long openedAt;
  private long seq;

  RollingJsonlFile(OutputFiles files, int taskIndex, LongSupplier clock) {
    this.files = files;
    this.taskIndex = taskIndex;
    this.clock = clock;
  }

  /**
   * Deletes this task's leftover in-progress file: its records were never committed, so Connect
   * delivers them again and they are rewritten.
   */
  boolean discardLeftover() throws IOException {
    Files.createDirectories(files.dir());
    return Files.deleteIfExists(files.inProgress(taskIndex));
  }

  void append(String line) throws IOException {
    if (out == null) {
      open();
    }
    byte[] data = (line + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(data);
    bytes += data.length;
    lines++;
  }

  boolean isEmpty() {
    return lines == 0;
  }

  long bytes() {
    return bytes;
  }

  long lines() {
    return lines;
  }

  /** Milliseconds the current file has been open; 0 when none is. */
  long ageMillis() {
    return out == null ? 0 : clock.getAsLong() - openedAt;
  }

  /** Makes the current file durable under its final name; empty when nothing was written. */
  Optional<Path> finish() throws IOException {
    if (out == null) {
      return Optional.empty();
    }
    out.flush();
    channel.force(true);
    out.close();
    out = null;
    channel = null;
    Path target = files.finished(openedAt, taskIndex, seq++);
    while (Files.exists(target)) {
      // Only after a clock step backwards; never overwrite a finished file.
      target = files.finished(openedAt, taskIndex, seq++);
    }
    Files.move(files.inProgress(taskIndex), target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    bytes = 0;
    lines = 0;
    return Optional.of(target);
  }

  private void open() throws IOException {
    channel = FileChannel.open(files.inProgress(taskIndex), StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    openedAt = clock.getAsLong();
  }

  /** A rename is durable only once the directory entry is; Linux allows fsync on a directory. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(files.dir(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
    }
  }

  /** Drops an unfinished file without publishing it. */
  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
      channel = null;
      Files.deleteIfExists(files.inProgress(taskIndex));
      bytes = 0;
      lines = 0;
    }
  }
}
