package io.apigenmt.schemas.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Confluent-API schema registry (Confluent SR, Karapace, Redpanda, Apicurio
 * ccompat, or the embedded one).
 *
 * @param url base URL, e.g. {@code http://127.0.0.1:8081}
 * @param basicAuth {@code user:password} for HTTP basic auth, or null; never logged
 * @param truststore a PKCS12/JKS truststore for TLS to a registry with a private CA, or null
 *     for the JDK's default trust
 * @param truststorePassword the truststore's password, or null
 * @param timeout per-request timeout
 * @param subjectCompatibility level set on a subject the first time this client registers
 *     under it and the registry has no subject-level level yet; null leaves subjects alone
 */
public record SchemaRegistryConfig(
        URI url,
        String basicAuth,
        Path truststore,
        String truststorePassword,
        Duration timeout,
        Compatibility subjectCompatibility) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SchemaRegistryConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("schema registry URL must be http or https: " + url);
        }
        if (basicAuth != null && !basicAuth.contains(":")) {
            // The message must not echo the value: it is a credential.
            throw new IllegalArgumentException("schema registry basic auth must be user:password");
        }
    }

    /** Plain HTTP, no auth, default timeout, new subjects get BACKWARD. */
    public static SchemaRegistryConfig of(String url) {
        return new SchemaRegistryConfig(URI.create(stripSlash(url)), null, null, null, DEFAULT_TIMEOUT,
                Compatibility.BACKWARD);
    }

    public SchemaRegistryConfig withBasicAuth(String userColonPassword) {
        return new SchemaRegistryConfig(url, userColonPassword, truststore, truststorePassword, timeout,
                subjectCompatibility);
    }

    public SchemaRegistryConfig withTruststore(Path path, String password) {
        return new SchemaRegistryConfig(url, basicAuth, path, password, timeout, subjectCompatibility);
    }

    public SchemaRegistryConfig withTimeout(Duration t) {
        return new SchemaRegistryConfig(url, basicAuth, truststore, truststorePassword, t, subjectCompatibility);
    }

    public SchemaRegistryConfig withSubjectCompatibility(Compatibility level) {
        return new SchemaRegistryConfig(url, basicAuth, truststore, truststorePassword, timeout, level);
    }

    /** Keeps credentials out of logs and exception messages. */
    @Override
    public String toString() {
        return "SchemaRegistryConfig[url=" + url + ", basicAuth=" + (basicAuth == null ? "none" : "****")
                + ", truststore=" + truststore + ", timeout=" + timeout
                + ", subjectCompatibility=" + subjectCompatibility + "]";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
