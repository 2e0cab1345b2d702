package io.apigenmt.topology.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import io.apigenmt.topology.worker.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Defaults bind every embedded server to loopback: the broker's listeners (client and
 * controller), the schema registry, sim-llm and the worker's metrics endpoint. Checked both by
 * the configured addresses and by connecting: reachable on 127.0.0.1, refused on every
 * non-loopback address of this machine.
 */
class LoopbackDefaultsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldBindEveryEmbeddedServerToLoopbackByDefault() throws Exception {
        PipelineConfig defaults = ConfigLoader.load(null, Map.of()).build();
        assertThat(InetAddress.getByName(defaults.worker().metricsHost()).isLoopbackAddress())
                .as("default metrics host " + defaults.worker().metricsHost()).isTrue();
        assertThat(InetAddress.getByName(SimLlmOptions.defaults().host()).isLoopbackAddress()).isTrue();

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (EmbeddedPlatform platform = EmbeddedPlatform.ephemeral();
             SimLlmServer sim = SimLlm.server(SimLlmOptions.defaults(), DomainRegistry.load());
             MetricsServer metrics = MetricsServer.start(defaults.worker().metricsHost(), 0, meters, null)) {
            sim.start();
            // Every listener the broker was configured with (client and controller) is on loopback.
            Properties server = new Properties();
            try (InputStream in = Files.newInputStream(platform.broker().dataDir().resolve("server.properties"))) {
                server.load(in);
            }
            for (String key : List.of("listeners", "advertised.listeners", "controller.quorum.voters")) {
                for (String listener : server.getProperty(key).split(",")) {
                    String host = listener.replaceAll("^.*(//|@)", "").replaceAll(":\\d+$", "");
                    assertThat(InetAddress.getByName(host).isLoopbackAddress()).as(key + " " + listener).isTrue();
                }
            }
            int brokerPort = platform.broker().port();
            int registryPort = URI.create(platform.registryUrl()).getPort();
            assertThat(URI.create(platform.registryUrl()).getHost()).isEqualTo("127.0.0.1");
            assertThat(URI.create(sim.baseUrl()).getHost()).isEqualTo("127.0.0.1");
            for (int port : List.of(brokerPort, registryPort, sim.port(), metrics.port())) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("reachable on loopback: " + port).isTrue();
                for (InetAddress external : nonLoopbackAddresses()) {
                    assertThat(connects(external, port)).as("port " + port + " reachable on " + external).isFalse();
                }
            }
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }
}
