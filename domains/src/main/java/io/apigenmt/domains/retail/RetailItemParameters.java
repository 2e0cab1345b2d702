package io.apigenmt.domains.retail;

import io.apigenmt.domains.tools.Parameters;

/** The item-replacement arguments shared by modify_pending_order_items and the exchange tool. */
final class RetailItemParameters {

    private RetailItemParameters() {}

    static Parameters swap(Parameters base) {
        return base.array("item_ids", "The item ids to be replaced, each such as '1008292230'. There could be "
                                + "duplicate items in the list.", Parameters.stringItem(null))
                .array("new_item_ids", "The item ids to replace them with, each such as '1008292230'. The new "
                                + "items are matched to item_ids by position and must be available variants of the "
                                + "same product.", Parameters.stringItem(null))
                .string("payment_method_id", "The payment method id to pay or receive refund for the item price "
                        + "difference, such as 'gift_card_0000000' or 'credit_card_0000000'.");
    }
}
