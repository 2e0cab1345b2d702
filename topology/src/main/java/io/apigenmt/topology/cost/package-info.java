/**
 * Money: prices per model (the configuration's {@code cost.prices}), what tokens cost at those
 * prices, and spend that stays in tokens where no price is known. A package of its own so that
 * the configuration, the ledger and the worker's budget share one arithmetic without depending
 * on each other.
 */
package io.apigenmt.topology.cost;
