package io.apigenmt.domains.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DiffPatch;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode record(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }

    private Snapshot snapshot(boolean reversed) throws Exception {
        Map<String, ObjectNode> orders = new LinkedHashMap<>();
        Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
        if (reversed) {
            orders.put("#W2", record("{\"status\":\"delivered\",\"total\":12.50}"));
            orders.put("#W1", record("{\"total\":5,\"status\":\"pending\"}"));
            tables.put("users", Map.of("u1", record("{\"name\":\"Ana\"}")));
            tables.put("orders", orders);
        } else {
            orders.put("#W1", record("{\"status\":\"pending\",\"total\":5.00}"));
            orders.put("#W2", record("{\"status\":\"delivered\",\"total\":12.5}"));
            tables.put("orders", orders);
            tables.put("users", Map.of("u1", record("{\"name\":\"Ana\"}")));
        }
        return Snapshot.of(tables);
    }

    @Test
    void shouldHashEqualDataEquallyRegardlessOfInsertionOrderAndNumberScale() throws Exception {
        assertThat(new Database(snapshot(true)).hash()).isEqualTo(new Database(snapshot(false)).hash());
        assertThat(new Database(snapshot(false)).hash().hex()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void shouldHashTheCanonicalRenderingOfTheWholeDatabase() throws Exception {
        String canonical = "{\"orders\":{\"#W1\":{\"status\":\"pending\",\"total\":5},"
                + "\"#W2\":{\"status\":\"delivered\",\"total\":12.5}},\"users\":{\"u1\":{\"name\":\"Ana\"}}}";
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        String expected = java.util.HexFormat.of().formatHex(sha.digest(canonical.getBytes("UTF-8")));
        assertThat(new Database(snapshot(false)).hash().hex()).isEqualTo(expected);
    }

    @Test
    void shouldChangeHashOnEveryWriteAndRestoreItWhenDataIsRestored() throws Exception {
        Database db = new Database(snapshot(false));
        var before = db.hash();
        db.edit("orders", "#W1").put("status", "cancelled");
        var after = db.hash();
        assertThat(after).isNotEqualTo(before);
        db.edit("orders", "#W1").put("status", "pending");
        assertThat(db.hash()).isEqualTo(before);
        db.insert("orders", "#W3", record("{\"status\":\"pending\"}"));
        assertThat(db.hash()).isNotEqualTo(before);
    }

    @Test
    void shouldHashEditsAndInsertsAnywhereInATableAsTheCanonicalRenderingOfTheResult() throws Exception {
        Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
        Map<String, ObjectNode> orders = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            orders.put("#W" + i, record("{\"status\":\"pending\",\"total\":" + i + "}"));
        }
        tables.put("orders", orders);
        tables.put("users", Map.of("u1", record("{\"name\":\"Ana\"}")));
        Database db = new Database(Snapshot.of(tables));
        db.edit("orders", "#W1").put("status", "cancelled");
        db.edit("orders", "#W5").put("total", 50);
        db.edit("orders", "#W9").remove("status");
        db.insert("orders", "#W0", record("{\"status\":\"new\"}"));
        db.insert("orders", "#W55", record("{\"status\":\"new\"}"));
        db.insert("orders", "#X1", record("{\"status\":\"new\"}"));
        db.insert("reviews", "r1", record("{\"stars\":5}"));

        Map<String, Map<String, ObjectNode>> edited = new LinkedHashMap<>();
        for (String table : new String[] {"orders", "reviews", "users"}) {
            Map<String, ObjectNode> rows = new LinkedHashMap<>();
            for (String id : db.ids(table)) {
                rows.put(id, ((ObjectNode) db.get(table, id)).deepCopy());
            }
            edited.put(table, rows);
        }
        assertThat(db.hash()).isEqualTo(new Database(Snapshot.of(edited)).hash());
    }

    @Test
    void shouldTellSameStateExactlyWhenHashesAgree() throws Exception {
        Snapshot shared = snapshot(false);
        Database first = new Database(shared);
        Database second = new Database(shared);
        assertThat(first.sameState(second)).isTrue();

        first.edit("orders", "#W1").put("status", "cancelled");
        assertThat(first.sameState(second)).isFalse();
        second.edit("orders", "#W1").put("status", "cancelled");
        assertThat(first.sameState(second)).isTrue();
        assertThat(first.hash()).isEqualTo(second.hash());

        // Touched on one side only, with the same value: still the same state.
        second.edit("orders", "#W2");
        assertThat(first.sameState(second)).isTrue();
        first.insert("orders", "#W3", record("{\"status\":\"pending\"}"));
        assertThat(first.sameState(second)).isFalse();
        assertThat(second.sameState(first)).isFalse();

        // A different snapshot with equal data: falls back to the hashes.
        assertThat(new Database(snapshot(true)).sameState(new Database(shared))).isTrue();
    }

    @Test
    void shouldKeepTheSharedSnapshotUntouchedByEdits() throws Exception {
        Snapshot shared = snapshot(false);
        Database first = new Database(shared);
        first.edit("orders", "#W1").put("status", "cancelled");
        Database second = new Database(shared);
        assertThat(second.get("orders", "#W1").path("status").asText()).isEqualTo("pending");
        Database fork = first.fork();
        fork.edit("orders", "#W1").put("status", "processed");
        assertThat(first.get("orders", "#W1").path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void shouldDiffLeavesWithSlashPathsAndAppendedArrayElements() throws Exception {
        Snapshot shared = Snapshot.of(Map.of("orders", Map.of("#W1",
                record("{\"status\":\"pending\",\"history\":[{\"amount\":5}],\"total\":5}"))));
        Database before = new Database(shared);
        Database after = new Database(shared);
        ObjectNode order = after.edit("orders", "#W1");
        order.put("status", "cancelled");
        order.withArray("history").addObject().put("amount", -5);
        order.put("total", new BigDecimal("5.00"));
        after.insert("orders", "#W9", record("{\"status\":\"pending\"}"));
        DiffPatch patch = after.diffFrom(before);
        assertThat(patch.changes()).extracting(DiffPatch.Change::path).containsExactly(
                "orders/#W1/history/1", "orders/#W1/status", "orders/#W9");
        assertThat(patch.changes().get(1).before().asText()).isEqualTo("pending");
        assertThat(patch.changes().get(1).after().asText()).isEqualTo("cancelled");
        assertThat(patch.changes().get(0).before()).isNull();
        assertThat(new Database(shared).diffFrom(before).isEmpty()).isTrue();
    }

    @Test
    void shouldRenderNumbersCanonically() throws Exception {
        assertThat(CanonicalJson.render(record("{\"b\":100.00,\"a\":1.50,\"c\":-0.0,\"d\":7}")))
                .isEqualTo("{\"a\":1.5,\"b\":100,\"c\":0,\"d\":7}");
    }
}
