package io.apigenmt.domains.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
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
 * <p>Each table's canonical members ({@code "id":{...}} joined by commas, in id order) are rendered
 * once here, and every row knows where its member lies in that rendering. Hashing an environment
 * then renders only the records it touched and feeds every run of untouched rows between them to
 * the digest in one piece.
 */
public final class Snapshot {

    private static final byte[] NO_MEMBERS = new byte[0];

    private final NavigableMap<String, NavigableMap<String, Row>> tables;
    private final Map<String, byte[]> renderedTables;

    /** A record and where its canonical member lies in its table's rendering. */
    record Row(ObjectNode record, int offset, int length) {}

    private Snapshot(NavigableMap<String, NavigableMap<String, Row>> tables, Map<String, byte[]> renderedTables) {
        this.tables = tables;
        this.renderedTables = renderedTables;
    }

    /** Takes ownership of the records: callers must not mutate them afterwards. */
    public static Snapshot of(Map<String, ? extends Map<String, ObjectNode>> data) {
        NavigableMap<String, NavigableMap<String, Row>> tables = new TreeMap<>();
        Map<String, byte[]> rendered = new LinkedHashMap<>();
        data.forEach((table, records) -> {
            NavigableMap<String, Row> rows = new TreeMap<>();
            ByteArrayOutputStream members = new ByteArrayOutputStream();
            new TreeMap<>(records).forEach((id, record) -> {
                if (members.size() > 0) {
                    members.write(',');
                }
                byte[] member = member(id, record);
                rows.put(id, new Row(record, members.size(), member.length));
                members.writeBytes(member);
            });
            tables.put(table, Collections.unmodifiableNavigableMap(rows));
            rendered.put(table, members.toByteArray());
        });
        return new Snapshot(Collections.unmodifiableNavigableMap(tables), rendered);
    }

    /** The canonical {@code "id":{...}} member of a table object. */
    static byte[] member(String id, ObjectNode record) {
        StringBuilder member = new StringBuilder(512);
        CanonicalJson.writeString(id, member);
        member.append(':');
        CanonicalJson.write(record, member);
        return member.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The members of the table object, rendered once: what hashing an untouched table costs. */
    byte[] renderedTable(String table) {
        return renderedTables.getOrDefault(table, NO_MEMBERS);
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
