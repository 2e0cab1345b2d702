package io.apigenmt.topology.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * An API key, resolved once from an environment variable or a file. Deliberately not a record:
 * {@link #toString()} is redacted and there is no accessor that a log statement or a record
 * mapper could pick up by accident; only the HTTP client reads the value, to build the
 * {@code Authorization} header.
 */
public final class ApiKey {

    /** No key: the request carries no Authorization header (local vLLM, Ollama, sim-llm). */
    public static final ApiKey NONE = new ApiKey(null, "none");

    private final String secret;
    private final String source;

    private ApiKey(String secret, String source) {
        this.secret = secret;
        this.source = source;
    }

    /**
     * Resolution rule: a configured key file wins over the environment variable (it is the
     * more explicit choice); an unreadable configured file is a configuration error; an absent
     * or blank environment variable means "no key".
     *
     * @param env environment lookup (System::getenv in production; a map in tests)
     */
    public static ApiKey resolve(String apiKeyEnv, String apiKeyFile, Function<String, String> env) {
        if (apiKeyFile != null && !apiKeyFile.isBlank()) {
            Path path = Path.of(apiKeyFile);
            try {
                String value = Files.readString(path, StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw new IllegalStateException("API key file " + path + " is empty");
                }
                return new ApiKey(value, "file " + path);
            } catch (IOException e) {
                // The path is configuration, not a secret; the exception text names only the path.
                throw new IllegalStateException("cannot read API key file " + path + ": " + e.getClass().getSimpleName(), null);
            }
        }
        if (apiKeyEnv != null && !apiKeyEnv.isBlank()) {
            String value = env.apply(apiKeyEnv);
            if (value != null && !value.isBlank()) {
                return new ApiKey(value.trim(), "env " + apiKeyEnv);
            }
        }
        return NONE;
    }

    public boolean isPresent() {
        return secret != null;
    }

    /** Where the key came from ("env OPENAI_API_KEY", "file /run/secrets/key", "none"); safe to log. */
    public String source() {
        return source;
    }

    /**
     * For a message about a refused key: where this key came from ("the key from env
     * OPENAI_API_KEY"), or, with none, how to give one. Never the key.
     *
     * @param apiKeyEnv the variable the endpoint reads its key from (null: none configured)
     */
    String hint(String apiKeyEnv) {
        if (secret != null) {
            return "the key from " + source;
        }
        return "no API key is configured: set " + (apiKeyEnv == null ? "api-key-env or api-key-file"
                : "the environment variable " + apiKeyEnv);
    }

    /** The Authorization header value; package-private so only the client can read it. */
    Optional<String> bearerHeader() {
        return secret == null ? Optional.empty() : Optional.of("Bearer " + secret);
    }

    /** Removes the key from text a server sent back (some servers echo what they received). */
    String scrub(String text) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "[redacted]");
    }

    @Override
    public String toString() {
        return "ApiKey[" + source + ", value redacted]";
    }
}
