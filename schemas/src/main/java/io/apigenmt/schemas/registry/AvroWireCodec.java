package io.apigenmt.schemas.registry;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Confluent wire format for one generated Avro class: byte 0 = 0x00, bytes 1-4 the writer
 * schema's registry id (big-endian), then the Avro binary body without container header.
 * Thread-safe; ids and resolving readers are cached, so the registry is called once per topic
 * (write) and once per writer schema id (read).
 */
public final class AvroWireCodec<T extends SpecificRecord> {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private final SchemaRegistryClient registry;
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private final SpecificDatumWriter<T> writer;
    private final boolean autoRegister;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();

    /**
     * @param autoRegister register the class's schema under {@code <topic>-value} on first
     *     use (true), or only look it up and fail when it is not there (false)
     */
    public AvroWireCodec(SchemaRegistryClient registry, Class<T> type, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = Objects.requireNonNull(type, "type");
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema, model);
        this.autoRegister = autoRegister;
    }

    public AvroWireCodec(SchemaRegistryClient registry, Class<T> type) {
        this(registry, type, true);
    }

    /** Subject naming: the Confluent TopicNameStrategy for values. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return readerSchema;
    }

    /** The id this codec writes under for {@code topic}, registering the schema on first use. */
    public int schemaId(String topic) {
        return idsByTopic.computeIfAbsent(topic, t -> autoRegister
                ? registry.register(valueSubject(t), readerSchema)
                : registry.lookup(valueSubject(t), readerSchema));
    }

    /** Encodes {@code value} for {@code topic}; null stays null (a tombstone). */
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        int id = schemaId(topic);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // Avro reports a null required field as an NPE or AvroRuntimeException naming the field.
            throw new WireFormatException(WireFormatException.Kind.UNENCODABLE,
                    "cannot encode " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Decodes a wire-format payload; null stays null. */
    public T deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new WireFormatException(WireFormatException.Kind.TRUNCATED, "empty payload, expected "
                    + HEADER_SIZE + "-byte header");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Kind.WRONG_MAGIC_BYTE, String.format(
                    "wrong magic byte 0x%02x, expected 0x00 (not Confluent wire format)", bytes[0] & 0xff));
        }
        if (bytes.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Kind.TRUNCATED, "payload of " + bytes.length
                    + " bytes is shorter than the " + HEADER_SIZE + "-byte header");
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SpecificDatumReader<T> reader = readerFor(id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new WireFormatException(WireFormatException.Kind.TRUNCATED, "Avro body of "
                    + (bytes.length - HEADER_SIZE) + " bytes ends early for schema id " + id, e);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Kind.UNDECODABLE, "not decodable as "
                    + type.getSimpleName() + " with schema id " + id + ": " + e.getMessage(), e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new WireFormatException(WireFormatException.Kind.UNDECODABLE, "trailing bytes after "
                        + type.getSimpleName() + " with schema id " + id);
            }
        } catch (IOException e) {
            throw new WireFormatException(WireFormatException.Kind.UNDECODABLE, "unreadable payload end", e);
        }
        return value;
    }

    private SpecificDatumReader<T> readerFor(int id) {
        SpecificDatumReader<T> cached = readersById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new WireFormatException(WireFormatException.Kind.UNKNOWN_SCHEMA_ID,
                    "unknown schema id " + id, e);
        }
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())
                && !readerSchema.getAliases().contains(writerSchema.getFullName())) {
            // Resolution would succeed field by field on unrelated records with defaults; a
            // different record name means the payload belongs to another topic.
            throw new WireFormatException(WireFormatException.Kind.UNDECODABLE, "schema id " + id + " is "
                    + writerSchema.getFullName() + ", expected " + readerSchema.getFullName());
        }
        SpecificDatumReader<T> reader;
        try {
            reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
        } catch (AvroRuntimeException e) {
            throw new WireFormatException(WireFormatException.Kind.UNDECODABLE, "schema id " + id
                    + " cannot be read as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        readersById.put(id, reader);
        return reader;
    }
}
