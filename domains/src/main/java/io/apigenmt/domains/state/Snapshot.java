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
    private final Map<String, byte[]> renderedTables;

    /** {@code entry} is the canonical {@code "id":{...}} member of the table object. */
    record Row(ObjectNode record, byte[] entry) {}

    private Snapshot(NavigableMap<String, NavigableMap<String, Row>> tables) {
        this.tables = tables;
        Map<String, byte[]> rendered = new LinkedHashMap<>();
        tables.forEach((name, rows) -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            boolean first = true;
            for (Row row : rows.values()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.writeBytes(row.entry());
            }
            rendered.put(name, out.toByteArray());
        });
        this.renderedTables = rendered;
    }

    /** Takes ownership of the records: callers must not mutate them afterwards. */
    public static Snapshot of(Map<String, ? extends Map<String, ObjectNode>> data) {
        NavigableMap<String, NavigableMap<String, Row>> tables = new TreeMap<>();
        data.forEach((table, records) -> {
            NavigableMap<String, Row> rows = new TreeMap<>();
            records.forEach((id, record) -> {
                StringBuilder entry = new StringBuilder(512);
                CanonicalJson.writeString(id, entry);
                entry.append(':');
                CanonicalJson.write(record, entry);
                rows.put(id, new Row(record, entry.toString().getBytes(StandardCharsets.UTF_8)));
            });
            tables.put(table, Collections.unmodifiableNavigableMap(rows));
        });
        return new Snapshot(Collections.unmodifiableNavigableMap(tables));
    }

    /** The members of the table object, rendered once: what hashing an untouched table costs. */
    byte[] renderedTable(String table) {
        return renderedTables.getOrDefault(table, new byte[0]);
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
