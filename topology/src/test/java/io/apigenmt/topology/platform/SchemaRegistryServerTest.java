package io.apigenmt.topology.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.registry.Compatibility;
import io.apigenmt.schemas.registry.IncompatibleSchemaException;
import io.apigenmt.schemas.registry.RegisteredSchema;
import io.apigenmt.schemas.registry.SchemaNotFoundException;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.schemas.registry.SubjectNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded registry through the client and through plain HTTP, as curl would use it. */
class SchemaRegistryServerTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.create();

    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static final Schema V1 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").endRecord();
    /** Adds a field with a default: BACKWARD compatible. */
    private static final Schema V2 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").name("qty").type().intType().intDefault(1).endRecord();
    /** Adds a field without a default: cannot read V2 data. */
    private static final Schema V3_BREAKING = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").name("qty").type().intType().intDefault(1).requiredString("customer").endRecord();

    @Test
    void shouldRegisterFetchByIdAndServeVersions() {
        SchemaRegistryClient client = cluster.registryClient();
        int id1 = client.register("orders-value", V1);
        int id2 = client.register("orders-value", V2);

        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.register("orders-value", V1)).as("identical schema keeps its id").isEqualTo(id1);
        // A fresh client (no cache) gets the same ids from the server.
        SchemaRegistryClient fresh = SchemaRegistryClient.of(cluster.registryUrl());
        assertThat(fresh.register("orders-value", V2)).isEqualTo(id2);
        assertThat(fresh.schemaById(id1)).isEqualTo(V1);
        assertThat(fresh.latest("orders-value")).isEqualTo(new RegisteredSchema("orders-value", 2, id2, V2));
        assertThat(fresh.version("orders-value", 1).id()).isEqualTo(id1);
        assertThat(fresh.versions("orders-value")).containsExactly(1, 2);
        assertThat(fresh.subjects()).contains("orders-value");
        assertThat(fresh.lookup("orders-value", V1)).isEqualTo(id1);
        // The same schema under another subject shares the id, as in Confluent's registry.
        assertThat(fresh.register("orders-copy-value", V1)).isEqualTo(id1);
    }

    @Test
    void shouldCheckBackwardCompatibilityAndRefuseIncompatibleSchemas() {
        SchemaRegistryClient client = cluster.registryClient();
        client.register("compat-value", V1);
        client.register("compat-value", V2);

        assertThat(client.subjectCompatibility("compat-value")).contains(Compatibility.BACKWARD);
        assertThat(client.isCompatible("compat-value", V2)).isTrue();
        assertThat(client.isCompatible("compat-value", V3_BREAKING)).isFalse();
        assertThatThrownBy(() -> client.register("compat-value", V3_BREAKING))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("incompatible");
        assertThat(client.versions("compat-value")).containsExactly(1, 2);
    }

    @Test
    void shouldAnswerAnIncompatibleRegistrationWith409AndTheConfluentErrorBody() throws Exception {
        post("/subjects/http-value/versions", V1);

        HttpResponse<String> resp = post("/subjects/http-value/versions", V3_BREAKING);

        assertThat(resp.statusCode()).isEqualTo(409);
        assertThat(resp.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
        JsonNode body = json.readTree(resp.body());
        assertThat(body.get("error_code").asInt()).isEqualTo(409);
        assertThat(body.get("message").asText()).contains("incompatible").contains("http-value");
    }

    @Test
    void shouldServeTheRestApiToPlainHttpClients() throws Exception {
        HttpResponse<String> reg = post("/subjects/plain-value/versions", V1);
        assertThat(reg.statusCode()).isEqualTo(200);
        int id = json.readTree(reg.body()).get("id").asInt();

        JsonNode byId = json.readTree(get("/schemas/ids/" + id).body());
        assertThat(new Schema.Parser().parse(byId.get("schema").asText())).isEqualTo(V1);
        JsonNode latest = json.readTree(get("/subjects/plain-value/versions/latest").body());
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("subject").asText()).isEqualTo("plain-value");
        assertThat(json.readTree(get("/subjects/plain-value/versions").body()).toString()).isEqualTo("[1]");
        assertThat(json.readTree(get("/subjects").body()).toString()).contains("\"plain-value\"");
        JsonNode compat = json.readTree(post("/compatibility/subjects/plain-value/versions/latest", V2).body());
        assertThat(compat.get("is_compatible").asBoolean()).isTrue();
        JsonNode lookup = json.readTree(post("/subjects/plain-value", V1).body());
        assertThat(lookup.get("id").asInt()).isEqualTo(id);
    }

    @Test
    void shouldAnswerConfluentErrorCodes() throws Exception {
        assertError(get("/subjects/no-such-subject/versions"), 404, 40401);
        assertError(get("/subjects/no-such-subject/versions/latest"), 404, 40401);
        assertError(get("/schemas/ids/987654"), 404, 40403);
        assertError(send("POST", "/subjects/bad-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}"),
                422, 42201);

        SchemaRegistryClient client = cluster.registryClient();
        assertThatThrownBy(() -> client.latest("no-such-subject")).isInstanceOf(SubjectNotFoundException.class)
                .hasMessageContaining("no-such-subject");
        assertThatThrownBy(() -> client.schemaById(987654)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup("bad2-value", V1)).isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void shouldGetAndSetCompatibilityConfig() throws Exception {
        SchemaRegistryClient client = cluster.registryClient();
        assertThat(client.compatibility()).isEqualTo(Compatibility.BACKWARD);
        assertThat(client.subjectCompatibility("cfg-value")).isEmpty();
        assertError(get("/config/cfg-value"), 404, 40408);

        client.setCompatibility("cfg-value", Compatibility.NONE);

        assertThat(client.subjectCompatibility("cfg-value")).contains(Compatibility.NONE);
        assertThat(json.readTree(get("/config").body()).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertError(send("PUT", "/config/cfg-value", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        // NONE lets a breaking schema in.
        client.register("cfg-value", V1);
        assertThat(client.register("cfg-value", V3_BREAKING)).isPositive();
    }

    private static void assertError(HttpResponse<String> resp, int status, int code) throws IOException {
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(status);
        JsonNode body = json.readTree(resp.body());
        assertThat(body.get("error_code").asInt()).as(resp.body()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private static HttpResponse<String> post(String path, Schema schema) throws Exception {
        return send("POST", path, json.createObjectNode().put("schema", schema.toString()).toString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cluster.registryUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cluster.registryUrl() + path))
                        .header("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
