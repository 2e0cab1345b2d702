package io.apigenmt.connectors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads complete lines from a file that may still be growing, remembering the byte position
 * and number of the last line handed out (the source offset). A final line without a newline
 * is handed out only once the file has stopped growing for a quiet period, so a writer caught
 * mid-line is never read half-way.
 */
final class LineTailer implements AutoCloseable {
  record Line(long number, String text, long endPosition) {}

  private final FileChannel channel;
  private final LongSupplier clock;
  private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
  private byte[] buf = new byte[64 * 1024];
  private int start;
  private int end;
  /** Byte position just after the last line handed out. */
  private long position;
  private long lineNumber;
  private long lastGrowthAt;

  LineTailer(Path file, long position, long lineNumber, LongSupplier clock) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.clock = clock;
    this.position = position;
    this.lineNumber = lineNumber;
    this.lastGrowthAt = clock.getAsLong();
  }

  long size() throws IOException {
    return channel.size();
  }

  /** Up to {@code max} lines; an unterminated last line once it has been quiet for quietMs. */
  List<Line> next(int max, long quietMs) throws IOException {
    List<Line> lines = new ArrayList<>();
    while (lines.size() < max) {
      int nl = indexOfNewline();
      if (nl >= 0) {
        lines.add(take(nl, nl + 1));
      } else if (!readMore()) {
        break;
      }
    }
    if (lines.isEmpty() && end > start && clock.getAsLong() - lastGrowthAt >= quietMs) {
      lines.add(take(end, end));
    }
    return lines;
  }

  private Line take(int contentEnd, int consumedEnd) {
    int textEnd = contentEnd > start && buf[contentEnd - 1] == '\r' ? contentEnd - 1 : contentEnd;
    String text = new String(buf, start, textEnd - start, StandardCharsets.UTF_8);
    position += consumedEnd - start;
    start = consumedEnd;
    lineNumber++;
    return new Line(lineNumber, text, position);
  }

  private int indexOfNewline() {
    for (int i = start; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean readMore() throws IOException {
    chunk.clear();
    int n = channel.read(chunk, position + (end - start));
    if (n <= 0) {
      return false;
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + n));
    }
    System.arraycopy(chunk.array(), 0, buf, end, n);
    end += n;
    lastGrowthAt = clock.getAsLong();
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
