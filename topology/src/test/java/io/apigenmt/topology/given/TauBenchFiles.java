package io.apigenmt.topology.given;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.data.DomainData;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tau-bench-layout databases the domains module's tests are written on
 * ({@code domains/src/test/resources/taubench/}, read from the source tree so there is one copy),
 * and the tau-bench-style tasks file written for them ({@code taubench/tasks.jsonl}): five retail
 * tasks (a cancellation, an item change that must tell the new price, a return, a transfer to a
 * human with no write, and one whose action fails on the data) and one airline task.
 */
public final class TauBenchFiles {

    /** Users that exist only in the fixture databases. */
    public static final String RETAIL_USER = "ivan_khan_7475";
    public static final String OTHER_RETAIL_USER = "mia_ito_2047";
    public static final String AIRLINE_USER = "omar_silva_7446";

    private TauBenchFiles() {}

    /** The fixture database of {@code domain} (retail, airline), as an absolute directory. */
    public static Path data(String domain) {
        // Surefire runs in the module's directory; the fixtures live in the domains module.
        Path dir = Path.of("..", "domains", "src", "test", "resources", "taubench", domain).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixture database missing: " + dir);
        }
        return dir;
    }

    /** The tasks file. */
    public static Path tasks() {
        try {
            return Path.of(TauBenchFiles.class.getResource("/taubench/tasks.jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The observation of one call of {@code tool} with {@code user_id} on {@code env}. */
    public static String call(Environment env, String tool, String userId) {
        return env.execute(new ToolCall(tool, JsonNodeFactory.instance.objectNode().put("user_id", userId))).content();
    }

    /** Every domain, retail and airline on the fixture databases. */
    public static DomainRegistry domains() {
        return DomainData.registry(Map.of("retail", data("retail"), "airline", data("airline")));
    }
}
