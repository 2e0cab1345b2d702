package io.apigenmt.schemas.registry;

/** The schema breaks the subject's compatibility level (error 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(String message) {
        super(409, 409, message);
    }
}
