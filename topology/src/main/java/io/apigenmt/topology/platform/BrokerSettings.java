package io.apigenmt.topology.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start an {@link EmbeddedBroker}.
 *
 * @param port client listener port on 127.0.0.1; 0 picks a free one
 * @param dataDir where the log lives; null means a fresh temp directory
 * @param keepData keep {@code dataDir} on close (always true for a given dir, false for a temp dir
 *     unless asked)
 * @param extraProperties broker properties applied last (e.g. SASL listeners), overriding the defaults
 */
public record BrokerSettings(int port, Path dataDir, boolean keepData, Map<String, String> extraProperties) {

    public BrokerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("broker port out of range: " + port);
        }
        extraProperties = Map.copyOf(extraProperties);
    }

    /** A throwaway broker on a free port. */
    public static BrokerSettings ephemeral() {
        return new BrokerSettings(0, null, false, Map.of());
    }

    /** A broker whose data is kept in {@code dir} (or a temp dir deleted on close when null). */
    public static BrokerSettings of(int port, Path dir) {
        return new BrokerSettings(port, dir, dir != null, Map.of());
    }

    public BrokerSettings withExtraProperties(Map<String, String> props) {
        return new BrokerSettings(port, dataDir, keepData, props);
    }
}
