package io.apigenmt.schemas.registry;

/** The registry rejected the schema as invalid (error 42201). */
public final class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(String message) {
        super(422, 42201, message);
    }
}
