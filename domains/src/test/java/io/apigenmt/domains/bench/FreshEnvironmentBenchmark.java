package io.apigenmt.domains.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.airline.AirlineDomain;
import io.apigenmt.domains.retail.RetailDomain;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * How many fresh environments one core creates per second, alone and followed by one write
 * (the copy-on-write copy of the touched records). Not part of the test run: start it with the
 * command in domains/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FreshEnvironmentBenchmark {

    private RetailDomain retail;
    private AirlineDomain airline;
    private ToolCall cancelPendingOrder;
    private ToolCall addBags;

    @Setup
    public void setUp() {
        retail = new RetailDomain();
        airline = new AirlineDomain();
        Database retailDb = retail.newEnvironment().database();
        String pending = retailDb.ids("orders").stream()
                .filter(id -> retailDb.get("orders", id).path("status").asText().equals("pending"))
                .findFirst().orElseThrow();
        cancelPendingOrder = new ToolCall("cancel_pending_order", JsonNodeFactory.instance.objectNode()
                .put("order_id", pending).put("reason", "no longer needed"));
        Database airlineDb = airline.newEnvironment().database();
        String reservation = airlineDb.ids("reservations").stream()
                .filter(id -> !airlineDb.get("reservations", id).path("status").asText().equals("cancelled"))
                .findFirst().orElseThrow();
        String user = airlineDb.get("reservations", reservation).path("user_id").asText();
        String card = airlineDb.get("users", user).path("payment_methods").fieldNames().next();
        addBags = new ToolCall("update_reservation_baggages", JsonNodeFactory.instance.objectNode()
                .put("reservation_id", reservation)
                .put("total_baggages", airlineDb.get("reservations", reservation).path("total_baggages").asInt() + 1)
                .put("nonfree_baggages", airlineDb.get("reservations", reservation).path("nonfree_baggages").asInt())
                .put("payment_id", card));
        if (retail.newEnvironment().execute(cancelPendingOrder).error()
                || airline.newEnvironment().execute(addBags).error()) {
            throw new IllegalStateException("benchmark writes must succeed");
        }
    }

    @Benchmark
    public Environment freshRetailEnvironment() {
        return retail.newEnvironment();
    }

    @Benchmark
    public Observation freshRetailEnvironmentAndCancelOrder() {
        DomainEnvironment env = retail.newEnvironment();
        return env.execute(cancelPendingOrder);
    }

    @Benchmark
    public Environment freshAirlineEnvironment() {
        return airline.newEnvironment();
    }

    @Benchmark
    public Observation freshAirlineEnvironmentAndAddBags() {
        return airline.newEnvironment().execute(addBags);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(FreshEnvironmentBenchmark.class.getSimpleName()).build()).run();
    }
}
