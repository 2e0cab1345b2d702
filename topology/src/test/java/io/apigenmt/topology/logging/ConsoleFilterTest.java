package io.apigenmt.topology.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ConsoleFilterTest {

    private final LoggerContext context = new LoggerContext();

    private FilterReply decide(ConsoleFilter filter, String logger, Level level) {
        return filter.decide(new LoggingEvent(getClass().getName(), context.getLogger(logger), level, "m", null, null));
    }

    @Test
    void shouldShowOurWarningsAndTheLibrariesErrorsOnly() {
        ConsoleFilter filter = new ConsoleFilter();

        assertThat(decide(filter, "io.apigenmt.topology.platform.EmbeddedBroker", Level.WARN)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(filter, "io.apigenmt.topology.platform.EmbeddedBroker", Level.INFO)).isEqualTo(FilterReply.DENY);
        assertThat(decide(filter, "org.apache.kafka.streams.StreamsConfig", Level.WARN)).isEqualTo(FilterReply.DENY);
        assertThat(decide(filter, "kafka.server.BrokerServer", Level.ERROR)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(filter, "io.apigenmtx.Other", Level.WARN)).as("not ours by prefix alone").isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldShowEverythingFromInfoUpWhenVerbose() {
        ConsoleFilter filter = new ConsoleFilter();
        filter.setVerbose(true);

        assertThat(decide(filter, "org.apache.kafka.streams.StreamsConfig", Level.INFO)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(filter, "org.apache.kafka.streams.StreamsConfig", Level.DEBUG)).isEqualTo(FilterReply.DENY);
    }
}
