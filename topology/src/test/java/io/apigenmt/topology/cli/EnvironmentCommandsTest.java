package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.topology.reliability.Harness;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of remote environments: {@code --environment NAME=URL} and the
 * {@code environments} key refuse bad names and URLs with exit 2; {@code run} refuses to start on
 * an environment it cannot reach or cannot generate tasks for (exit 1, one line); {@code env serve}
 * refuses a domain it does not have.
 */
class EnvironmentCommandsTest {

    @TempDir
    Path out;

    private static ConfigShowCommandTest.Outcome execute(Map<String, String> env, String... args) {
        return ConfigShowCommandTest.execute(env, args);
    }

    @Test
    void shouldRefuseAnEnvironmentNameThatIsNotADomainName() {
        var o = execute(Map.of(), "run", "--environment", "My Shop=http://127.0.0.1:7000", "--out", out.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly(
                "apigen run: --environment: 'My Shop' is not a domain name (lower-case letters, digits, '_' and '-')");
    }

    @Test
    void shouldRefuseAnEnvironmentUrlThatIsNotAnHttpBaseUrlNamingTheKey() {
        var flag = execute(Map.of(), "run", "--environment", "shop=ftp://127.0.0.1:7000", "--out", out.toString());
        var credentials = execute(Map.of("APIGEN_ENVIRONMENTS__SHOP", "http://user:secret@127.0.0.1:7000"),
                "worker", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1");

        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err()).contains("environments.shop").contains("is not an http(s) URL");
        assertThat(credentials.exit()).isEqualTo(2);
        assertThat(credentials.err()).contains("environments.shop")
                .contains("must be a base URL without user-info, query or fragment")
                .doesNotContain("secret");
    }

    @Test
    void shouldListAnEnvironmentOfTheEnvironmentLayerAmongTheDomainsARunMaySeed() {
        // Given an environment named only in the environment variables
        var o = execute(Map.of("APIGEN_ENVIRONMENTS__SHOP", "http://127.0.0.1:7000"), "run", "--domains", "shop,bank",
                "--out", out.toString());

        // Then shop is known; bank, neither built in nor remote, is the usage error
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines().findFirst().orElseThrow())
                .isEqualTo("apigen run: --domains: unknown domain 'bank'; known: retail, airline, shop");
    }

    @Test
    void shouldNotStartARunOnAnEnvironmentNobodyServes() {
        // Given a URL where nothing listens
        String url = "http://127.0.0.1:" + Harness.freePort();

        // When a run is asked to use it
        var o = execute(Map.of("APIGEN_ENVIRONMENT_CALLS__RETRIES", "0"), "run", "--environment", "shop=" + url,
                "--domains", "shop", "--out", out.toString());

        // Then it stops before starting anything, saying which environment and why
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err().lines().filter(l -> l.startsWith("apigen run:")))
                .containsExactly("apigen run: error: environment 'shop' at " + url + ": GET /v1/environment: cannot connect "
                        + "(Failed to connect to /127.0.0.1:" + url.substring(url.lastIndexOf(':') + 1) + ")");
    }

    @Test
    void shouldNotStartARunOnAnEnvironmentWithoutTheContextCapability() throws Exception {
        // Given an environment that serves only given tasks
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).body("{\"name\": \"shop\", \"policy\": \"p\", \"tools\": [], "
                    + "\"write_tools\": [], \"capabilities\": [\"policy\"]}").build());
            server.start();
            String url = server.url("/").toString();

            // When a run would generate tasks for it
            var o = execute(Map.of(), "run", "--environment", "shop=" + url, "--domains", "shop", "--out", out.toString());

            // Then it refuses, pointing to the way such an environment is used
            assertThat(o.exit()).isEqualTo(1);
            assertThat(o.err()).contains("apigen run: error: environment 'shop' at " + url.replaceAll("/$", "")
                    + " has no context capability, so its tasks cannot be generated: give it tasks with "
                    + "'apigen seed --tasks-file' and run workers");
        }
    }

    @Test
    void shouldRefuseToServeADomainItDoesNotHave() {
        var unknown = execute(Map.of(), "env", "serve", "--domain", "banking", "--port", "0");
        var port = execute(Map.of(), "env", "serve", "--domain", "retail", "--port", "70000");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).containsExactly(
                "apigen env serve: --domain: unknown domain 'banking'; known: retail, airline");
        assertThat(port.exit()).isEqualTo(2);
        assertThat(port.err().lines()).containsExactly("apigen env serve: --port must be in 0..65535, got 70000");
    }
}
