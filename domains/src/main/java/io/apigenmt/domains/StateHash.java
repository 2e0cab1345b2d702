package io.apigenmt.domains;

/** Hex SHA-256 of a canonical database rendering; equal data, equal hash. */
public record StateHash(String hex) {
    @Override
    public String toString() {
        return hex;
    }
}
