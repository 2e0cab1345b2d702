package io.apigenmt.schemas.registry;

/** No such subject (error 40401). */
public final class SubjectNotFoundException extends SchemaRegistryException {
    public SubjectNotFoundException(String message) {
        super(404, 40401, message);
    }
}
