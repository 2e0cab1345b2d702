package io.apigenmt.domains.retail;

import io.apigenmt.domains.tools.Parameters;

/** The item-replacement arguments shared by modify_pending_order_items and the exchange tool. */
final class RetailItemParameters {

    private RetailItemParameters() {}

    static Parameters swap(Parameters base) {
        return base.array("item_ids", "Ids of the ordered items being swapped out (10 digits, e.g. "
                                + "'4720158836'). Repeat an id once per unit if the order holds it more than once.",
                        Parameters.stringItem(null))
                .array("new_item_ids", "Ids of the replacement items (10 digits, e.g. '4720193301'), paired with "
                                + "item_ids by list position. Each must be an available variant of the same product "
                                + "as the item it replaces.", Parameters.stringItem(null))
                .string("payment_method_id", "Id of one of the customer's payment methods that is charged, or "
                        + "credited, with the price difference, e.g. 'gift_card_4417302' or "
                        + "'credit_card_9051286'.");
    }
}
