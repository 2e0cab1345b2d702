package io.apigenmt.schemas.registry;

/**
 * A record value that is not a valid Confluent-wire-format Avro payload of the expected type.
 * Stages turn it into a dead letter, so the message is short and names what is wrong; the
 * {@link Kind} is the machine-readable reason.
 */
public final class WireFormatException extends RuntimeException {

    public enum Kind {
        /** Byte 0 is not 0x00: not Confluent wire format (e.g. plain JSON or another serializer). */
        WRONG_MAGIC_BYTE,
        /** Fewer bytes than the 5-byte header, or the Avro body ends early. */
        TRUNCATED,
        /** The 4-byte id names no schema in the registry. */
        UNKNOWN_SCHEMA_ID,
        /** Bytes that do not decode as the writer schema, or a writer schema the reader cannot resolve. */
        UNDECODABLE,
        /** A record that cannot be encoded (e.g. a required field is null). */
        UNENCODABLE
    }

    private final Kind kind;

    public WireFormatException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public WireFormatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
