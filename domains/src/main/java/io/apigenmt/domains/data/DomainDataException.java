package io.apigenmt.domains.data;

/**
 * A database directory that cannot be loaded, with a message naming the file and, when one is at
 * fault, the record and field: {@code orders.json: order #W123: items[2].price is not a number}.
 */
public final class DomainDataException extends RuntimeException {

    private final String file;

    DomainDataException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    DomainDataException(String file, String message) {
        this(file, message, null);
    }

    /** The file at fault, as named in the layout (e.g. {@code orders.json}). */
    public String file() {
        return file;
    }
}
