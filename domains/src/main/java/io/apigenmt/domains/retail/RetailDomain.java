package io.apigenmt.domains.retail;

import io.apigenmt.domains.data.DomainDataException;
import io.apigenmt.domains.state.Snapshot;
import io.apigenmt.domains.tools.ReferenceDomain;
import java.nio.file.Path;

/** The retail customer-service domain (tau-bench retail): orders, exchanges, returns. */
public final class RetailDomain extends ReferenceDomain {

    /** The reference database, generated from {@link RetailDataGenerator#DEFAULT_SEED}. */
    public RetailDomain() {
        this(RetailDataGenerator.DEFAULT_SEED);
    }

    public RetailDomain(long dataSeed) {
        this(new RetailDataGenerator(dataSeed).generate());
    }

    /** The domain on a given database (its records become the shared reference snapshot). */
    public RetailDomain(Snapshot data) {
        this(new RetailPolicyChecker(), data);
    }

    private RetailDomain(RetailPolicyChecker checker, Snapshot data) {
        super("retail", 3, data, RetailDataLayout.LAYOUT, RetailTools.create(), checker,
                fresh -> new RetailContextSampler(fresh, checker));
    }

    /**
     * The domain on a database in tau-bench's layout: {@code users.json}, {@code orders.json} and
     * {@code products.json} in {@code dir}.
     *
     * @throws DomainDataException naming the file and record when a file is missing or malformed
     */
    public static RetailDomain onData(Path dir) {
        return new RetailDomain(RetailDataLayout.LAYOUT.read(dir));
    }
}
