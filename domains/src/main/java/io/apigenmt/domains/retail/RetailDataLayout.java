package io.apigenmt.domains.retail;

import static io.apigenmt.domains.data.Shape.any;
import static io.apigenmt.domains.data.Shape.bool;
import static io.apigenmt.domains.data.Shape.listOf;
import static io.apigenmt.domains.data.Shape.mapOf;
import static io.apigenmt.domains.data.Shape.number;
import static io.apigenmt.domains.data.Shape.object;
import static io.apigenmt.domains.data.Shape.text;

import io.apigenmt.domains.data.DataLayout;
import io.apigenmt.domains.data.Shape;

/** tau-bench's retail files and what the tools read from their records. */
final class RetailDataLayout {

    private static final Shape USER = object()
            .optional("user_id", text())
            .field("name", object().field("first_name", text()).field("last_name", text()))
            .field("address", object().field("zip", any()))
            .field("email", text())
            .field("payment_methods", mapOf(object().field("source", text())
                    .when("source", RetailRecords.GIFT_CARD, "balance", number())))
            .field("orders", listOf(text()));

    private static final Shape ORDER = object()
            .field("order_id", text())
            .field("user_id", text())
            .field("address", object())
            .field("items", listOf(object()
                    .field("name", text())
                    .field("product_id", text())
                    .field("item_id", text())
                    .field("price", number())
                    .field("options", object())))
            .optional("fulfillments", listOf(object()))
            .field("status", text())
            .field("payment_history", listOf(object()
                    .field("transaction_type", text())
                    .field("amount", number())
                    .field("payment_method_id", text())));

    private static final Shape PRODUCT = object()
            .field("name", text())
            .field("product_id", text())
            .field("variants", mapOf(object()
                    .field("item_id", text())
                    .field("options", object())
                    .field("available", bool())
                    .field("price", number())));

    static final DataLayout LAYOUT = DataLayout.of(
            new DataLayout.File("users.json", RetailRecords.USERS, "user", "user_id", USER),
            new DataLayout.File("orders.json", RetailRecords.ORDERS, "order", "order_id", ORDER),
            new DataLayout.File("products.json", RetailRecords.PRODUCTS, "product", "product_id", PRODUCT));

    private RetailDataLayout() {}
}
