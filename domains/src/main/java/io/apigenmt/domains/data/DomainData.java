package io.apigenmt.domains.data;

import io.apigenmt.domains.airline.AirlineDomain;
import io.apigenmt.domains.retail.RetailDomain;
import io.apigenmt.domains.tools.ReferenceDomain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Built-in domains on databases in tau-bench's JSON layout, and our generated databases written in
 * it. The layout is one file per table, each a JSON object from record id to record:
 * <ul>
 *   <li>retail: {@code users.json}, {@code orders.json}, {@code products.json};
 *   <li>airline: {@code users.json}, {@code flights.json}, {@code reservations.json}.
 * </ul>
 * tau-bench's own {@code tau_bench/envs/<domain>/data/} directories load as they are.
 *
 * <pre>{@code
 * ReferenceDomain retail = DomainData.load("retail", Path.of("tau-bench/tau_bench/envs/retail/data"));
 * Environment env = retail.newEnvironment();            // a fresh copy of that database
 * env.execute(new ToolCall("get_order_details", args));  // tau-bench's tools, tau-bench's answers
 *
 * DomainData.write(new AirlineDomain(), Path.of("out/airline-data"));  // our generated database
 * }</pre>
 *
 * Loading checks every record the tools read and fails with a {@link DomainDataException} naming the
 * file, the record and the field ({@code orders.json: order #W123: items[2].price is not a number}).
 */
public final class DomainData {

    /** The domains that can run on a database directory. */
    public static final List<String> BUILT_IN = List.of("retail", "airline");

    private DomainData() {}

    /**
     * The built-in domain {@code domain} on the database in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code domain} is not one of {@link #BUILT_IN}
     * @throws DomainDataException      when a file is missing or a record malformed
     */
    public static ReferenceDomain load(String domain, Path dir) {
        return switch (domain) {
            case "retail" -> RetailDomain.onData(dir);
            case "airline" -> AirlineDomain.onData(dir);
            default -> throw new IllegalArgumentException("unknown built-in domain '" + domain + "'; known: "
                    + String.join(", ", BUILT_IN));
        };
    }

    /**
     * Writes the domain's reference database into {@code dir} (created when missing), replacing the
     * layout's files there.
     *
     * @return records written per file name
     */
    public static Map<String, Integer> write(ReferenceDomain domain, Path dir) throws IOException {
        return domain.writeData(dir);
    }
}
