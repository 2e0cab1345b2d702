package io.apigenmt.domains.airline;

import io.apigenmt.domains.data.DomainDataException;
import io.apigenmt.domains.state.Snapshot;
import io.apigenmt.domains.tools.ReferenceDomain;
import java.nio.file.Path;

/** The airline customer-service domain (tau-bench airline): bookings, changes, cancellations. */
public final class AirlineDomain extends ReferenceDomain {

    /** The reference database, generated from {@link AirlineDataGenerator#DEFAULT_SEED}. */
    public AirlineDomain() {
        this(AirlineDataGenerator.DEFAULT_SEED);
    }

    public AirlineDomain(long dataSeed) {
        this(new AirlineDataGenerator(dataSeed).generate());
    }

    /** The domain on a given database (its records become the shared reference snapshot). */
    public AirlineDomain(Snapshot data) {
        this(new AirlinePolicyChecker(), data);
    }

    private AirlineDomain(AirlinePolicyChecker checker, Snapshot data) {
        super("airline", 5, data, AirlineDataLayout.LAYOUT, AirlineTools.create(), checker,
                fresh -> new AirlineContextSampler(fresh, checker));
    }

    /**
     * The domain on a database in tau-bench's layout: {@code users.json}, {@code flights.json} and
     * {@code reservations.json} in {@code dir}.
     *
     * @throws DomainDataException naming the file and record when a file is missing or malformed
     */
    public static AirlineDomain onData(Path dir) {
        return new AirlineDomain(AirlineDataLayout.LAYOUT.read(dir));
    }
}
