package io.apigenmt.schemas.registry;

/**
 * A failed registry call: the Confluent error body ({@code error_code}, {@code message}) or a
 * transport failure. The known error codes have their own subclasses so callers can catch
 * exactly what they handle. Messages never carry credentials.
 */
public class SchemaRegistryException extends RuntimeException {

    /** error_code of a transport failure (no HTTP answer at all). */
    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = NO_RESPONSE;
        this.errorCode = NO_RESPONSE;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code, e.g. 40401; {@link #NO_RESPONSE} for transport failures. */
    public int errorCode() {
        return errorCode;
    }

    /** Maps a Confluent error body to the most specific exception type. */
    public static SchemaRegistryException of(int httpStatus, int errorCode, String message) {
        return switch (errorCode) {
            case 40401 -> new SubjectNotFoundException(message);
            case 40403 -> new SchemaNotFoundException(message);
            case 409 -> new IncompatibleSchemaException(message);
            case 42201 -> new InvalidSchemaException(message);
            default -> new SchemaRegistryException(httpStatus, errorCode, message);
        };
    }
}
