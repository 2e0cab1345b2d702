package io.apigenmt.domains.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable reference database: named tables of JSON records keyed by id. Every environment
 * shares one snapshot and layers its own edits over it ({@link Database}), which is what makes a
 * fresh environment cost a few small allocations instead of a deep copy.
 *
 * <p>Each record's canonical bytes are rendered once here, so hashing an environment only
 * renders the records it touched.
 */
public final class Snapshot {

    private final NavigableMap<String, NavigableMap<String, Row>> tables;

    record Row(ObjectNode record, byte[] canonical) {}

    private Snapshot(NavigableMap<String, NavigableMap<String, Row>> tables) {
        this.tables = tables;
    }

    /** Takes ownership of the records: callers must not mutate them afterwards. */
    public static Snapshot of(Map<String, ? extends Map<String, ObjectNode>> data) {
        NavigableMap<String, NavigableMap<String, Row>> tables = new TreeMap<>();
        data.forEach((table, records) -> {
            NavigableMap<String, Row> rows = new TreeMap<>();
            records.forEach((id, record) -> rows.put(id,
                    new Row(record, CanonicalJson.render(record).getBytes(StandardCharsets.UTF_8))));
            tables.put(table, Collections.unmodifiableNavigableMap(rows));
        });
        return new Snapshot(Collections.unmodifiableNavigableMap(tables));
    }

    Set<String> tableNames() {
        return tables.keySet();
    }

    NavigableMap<String, Row> rows(String table) {
        NavigableMap<String, Row> rows = tables.get(table);
        return rows == null ? Collections.emptyNavigableMap() : rows;
    }

    /** Table sizes, for scale figures and logs. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        tables.forEach((name, rows) -> sizes.put(name, rows.size()));
        return sizes;
    }
}
