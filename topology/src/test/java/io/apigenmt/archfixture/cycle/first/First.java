package io.apigenmt.archfixture.cycle.first;

import io.apigenmt.archfixture.cycle.second.Second;

/** Fixture for PackageCyclesTest: depends on {@link Second}, which depends back on it. */
public final class First {

    public Second next() {
        return new Second();
    }
}
