package io.apigenmt.archfixture.cycle.second;

import io.apigenmt.archfixture.cycle.first.First;

/** Fixture for PackageCyclesTest: depends on {@link First}, closing the cycle. */
public final class Second {

    public First back() {
        return new First();
    }
}
