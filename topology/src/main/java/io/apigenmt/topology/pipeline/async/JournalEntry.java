package io.apigenmt.topology.pipeline.async;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The journal's value: an input record exactly as it arrived (raw key, raw value bytes,
 * timestamp, headers), so that a resubmission after a restart sees the same input and bad bytes
 * can still be dead-lettered verbatim.
 *
 * <p>Binary layout, version 1: {@code byte version, long timestamp, key, value, int headerCount,
 * (key, value) per header}; a string or byte field is an int length ({@code -1} for null)
 * followed by the bytes.
 */
record JournalEntry(String key, byte[] value, long timestamp, Headers headers) {

    private static final byte VERSION = 1;
    private static final int NULL_LENGTH = -1;

    static JournalEntry of(Record<String, byte[]> input) {
        return new JournalEntry(input.key(), input.value(), input.timestamp(), input.headers());
    }

    /**
     * The journal key of an input: its source topic, partition and offset. Not the record key:
     * a key that repeats while its first unit is in flight would overwrite the first entry, and
     * the first completion would delete the second's. The offset is zero-padded so that a
     * resubmission walks each partition in offset order.
     */
    static String keyOf(String topic, int partition, long offset) {
        return String.format(Locale.ROOT, "%s/%d/%019d", topic, partition, offset);
    }

    Record<String, byte[]> toRecord() {
        return new Record<>(key, value, timestamp, new RecordHeaders(headers.toArray()));
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                    64 + (value == null ? 0 : value.length));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(timestamp);
            writeBytes(out, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
            writeBytes(out, value);
            Header[] all = headers == null ? new Header[0] : headers.toArray();
            out.writeInt(all.length);
            for (Header header : all) {
                writeBytes(out, header.key().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, header.value());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode journal entry", e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not a journal entry of a known version */
    static JournalEntry decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown journal entry version " + version);
            }
            long timestamp = in.readLong();
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            int headerCount = in.readInt();
            if (headerCount < 0 || headerCount > encoded.length) {
                throw new IllegalArgumentException("corrupt journal entry: " + headerCount + " headers");
            }
            RecordHeaders headers = new RecordHeaders();
            for (int i = 0; i < headerCount; i++) {
                byte[] headerKey = readBytes(in);
                if (headerKey == null) {
                    throw new IllegalArgumentException("corrupt journal entry: null header key");
                }
                headers.add(new String(headerKey, StandardCharsets.UTF_8), readBytes(in));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("corrupt journal entry: trailing bytes");
            }
            return new JournalEntry(key == null ? null : new String(key, StandardCharsets.UTF_8),
                    value, timestamp, headers);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt journal entry: " + e, e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(NULL_LENGTH);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new IOException("bad field length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
