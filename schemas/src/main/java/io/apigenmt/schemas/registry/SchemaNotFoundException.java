package io.apigenmt.schemas.registry;

/** No such schema, by id or under the subject (error 40403). */
public final class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message) {
        super(404, 40403, message);
    }
}
