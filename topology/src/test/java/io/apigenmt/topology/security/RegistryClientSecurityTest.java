package io.apigenmt.topology.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.schemas.registry.SchemaRegistryConfig;
import io.apigenmt.schemas.registry.SchemaRegistryException;
import io.apigenmt.topology.reliability.Harness;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The schemas module's registry client over real HTTPS with basic auth, against a tiny in-test
 * registry (a self-signed certificate made with keytool, basic auth required, the two endpoints
 * the client calls here): the right credentials and truststore work; a wrong password fails
 * with a clear 401 message that does not contain the password; no truststore fails the TLS
 * handshake with a message that says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryClientSecurityTest {

    private static final String USER = "registry-user";
    private static final String PASSWORD = "s3cret-registry-pw";
    private static final String STORE_PASSWORD = "changeit-test";
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";

    private Path work;
    private HttpsServer server;
    private Path truststore;
    private String url;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        work = Harness.workDir("registry-tls-");
        Path keystore = work.resolve("server.p12");
        Path cert = work.resolve("server.cer");
        truststore = work.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", this::handle);
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        Harness.delete(work);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool " + args[0] + ": " + out).isZero();
    }

    /** Basic auth first, then register → id 1 and GET /schemas/ids/1; anything else 404. */
    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + path);
            ex.getRequestBody().readAllBytes();
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                send(ex, 401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
            } else if (ex.getRequestMethod().equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                send(ex, 200, "{\"id\":1}");
            } else if (ex.getRequestMethod().equals("GET") && path.equals("/schemas/ids/1")) {
                send(ex, 200, "{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(SCHEMA) + "}");
            } else {
                send(ex, 404, "{\"error_code\":40401,\"message\":\"not found\"}");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private SchemaRegistryConfig config() {
        // No subject-level compatibility writes: this test is about HTTP, auth and TLS only.
        return SchemaRegistryConfig.of(url).withSubjectCompatibility(null).withTimeout(Duration.ofSeconds(10));
    }

    @Test
    void shouldRegisterAndFetchOverTlsWithBasicAuth() {
        SchemaRegistryClient client = new SchemaRegistryClient(config().withBasicAuth(USER + ":" + PASSWORD)
                .withTruststore(truststore, STORE_PASSWORD));

        int id = client.register("probe-value", new Schema.Parser().parse(SCHEMA));
        Schema fetched = new SchemaRegistryClient(config().withBasicAuth(USER + ":" + PASSWORD)
                .withTruststore(truststore, STORE_PASSWORD)).schemaById(1);

        assertThat(id).isEqualTo(1);
        assertThat(fetched).isEqualTo(new Schema.Parser().parse(SCHEMA));
        assertThat(requests).contains("POST /subjects/probe-value/versions", "GET /schemas/ids/1");
        assertThat(client.config().toString()).doesNotContain(PASSWORD).doesNotContain(STORE_PASSWORD);
    }

    @Test
    void shouldFailAWrongPasswordWithAClear401WithoutThePassword() {
        String wrong = "wrong-" + PASSWORD;
        SchemaRegistryClient client = new SchemaRegistryClient(config().withBasicAuth(USER + ":" + wrong)
                .withTruststore(truststore, STORE_PASSWORD));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("probe-value", new Schema.Parser().parse(SCHEMA)));

        assertThat(e).as("a registry error").isNotNull();
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).contains("Unauthorized").contains("/subjects/probe-value/versions");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong).doesNotContain(PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldFailWithoutTheTruststoreWithAClearTlsMessage() {
        SchemaRegistryClient client = new SchemaRegistryClient(config().withBasicAuth(USER + ":" + PASSWORD));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

        assertThat(e).as("a registry error").isNotNull();
        assertThat(e.getMessage()).contains(url).containsIgnoringCase("TLS").contains("truststore")
                .doesNotContain(PASSWORD);
        assertThat(e).hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
}
