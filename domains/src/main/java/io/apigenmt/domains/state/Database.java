package io.apigenmt.domains.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DiffPatch;
import io.apigenmt.domains.StateHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One environment's database: the shared immutable {@link Snapshot} plus a copy-on-write overlay
 * of the records this environment edited or inserted. Not thread-safe (one episode, one thread).
 *
 * <p>Records returned by {@link #get} may belong to the shared snapshot and must only be read;
 * {@link #edit} hands out this environment's private copy.
 */
public final class Database {

    private final Snapshot base;
    private final Map<String, Map<String, ObjectNode>> overlay;

    public Database(Snapshot base) {
        this(base, new HashMap<>(4));
    }

    private Database(Snapshot base, Map<String, Map<String, ObjectNode>> overlay) {
        this.base = base;
        this.overlay = overlay;
    }

    /** An independent copy: the shared snapshot plus deep copies of this overlay's records. */
    public Database fork() {
        Map<String, Map<String, ObjectNode>> copy = new HashMap<>(4);
        overlay.forEach((table, records) -> {
            Map<String, ObjectNode> rows = new HashMap<>();
            records.forEach((id, record) -> rows.put(id, record.deepCopy()));
            copy.put(table, rows);
        });
        return new Database(base, copy);
    }

    /** The record, read only, or null when absent. */
    public JsonNode get(String table, String id) {
        if (id == null) {
            return null;
        }
        Map<String, ObjectNode> touched = overlay.get(table);
        if (touched != null) {
            ObjectNode record = touched.get(id);
            if (record != null) {
                return record;
            }
        }
        Snapshot.Row row = base.rows(table).get(id);
        return row == null ? null : row.record();
    }

    public boolean contains(String table, String id) {
        return get(table, id) != null;
    }

    /** This environment's private, mutable copy of the record, or null when absent. */
    public ObjectNode edit(String table, String id) {
        Map<String, ObjectNode> touched = overlay.computeIfAbsent(table, t -> new HashMap<>());
        ObjectNode record = touched.get(id);
        if (record == null) {
            Snapshot.Row row = base.rows(table).get(id);
            if (row == null) {
                return null;
            }
            record = row.record().deepCopy();
            touched.put(id, record);
        }
        return record;
    }

    /** Adds (or replaces) a record owned by this environment. */
    public void insert(String table, String id, ObjectNode record) {
        overlay.computeIfAbsent(table, t -> new HashMap<>()).put(id, record);
    }

    /** Every id of the table, sorted. */
    public NavigableSet<String> ids(String table) {
        NavigableSet<String> ids = new TreeSet<>(base.rows(table).navigableKeySet());
        Map<String, ObjectNode> touched = overlay.get(table);
        if (touched != null) {
            ids.addAll(touched.keySet());
        }
        return ids;
    }

    public Snapshot snapshot() {
        return base;
    }

    /**
     * SHA-256 of the canonical rendering of the whole database, i.e. of
     * {@code {"table":{"id":record,...},...}} with every key sorted.
     */
    public StateHash hash() {
        MessageDigest digest = sha256();
        digest.update((byte) '{');
        boolean firstTable = true;
        for (String table : tableNames()) {
            if (!firstTable) {
                digest.update((byte) ',');
            }
            firstTable = false;
            digest.update(utf8(quoted(table) + ":{"));
            digestMembers(table, new Members(digest));
            digest.update((byte) '}');
        }
        digest.update((byte) '}');
        return new StateHash(HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Whether this database renders exactly as {@code other} does, i.e. has the same {@link #hash},
     * found without hashing: over a shared snapshot only the records either side touched can differ.
     */
    public boolean sameState(Database other) {
        if (other.base != base) {
            return hash().equals(other.hash());
        }
        if (!tableNames().equals(other.tableNames())) {
            return false;
        }
        for (String table : tableNames()) {
            for (String id : candidateIds(table, other)) {
                if (!Arrays.equals(rendered(table, id), other.rendered(table, id))) {
                    return false;
                }
            }
        }
        return true;
    }

    private NavigableSet<String> tableNames() {
        NavigableSet<String> tables = new TreeSet<>(base.tableNames());
        tables.addAll(overlay.keySet());
        return tables;
    }

    /**
     * The table's members in id order: every record this environment touched rendered afresh, every
     * run of untouched rows between them straight from the snapshot's rendering, in one piece.
     */
    private void digestMembers(String table, Members members) {
        NavigableMap<String, Snapshot.Row> rows = base.rows(table);
        Map<String, ObjectNode> touched = overlay.getOrDefault(table, Map.of());
        String previous = null;
        for (String id : new TreeSet<>(touched.keySet())) {
            addRun(table, previous == null ? rows.headMap(id, false) : rows.subMap(previous, false, id, false), members);
            members.add(Snapshot.member(id, touched.get(id)));
            previous = id;
        }
        addRun(table, previous == null ? rows : rows.tailMap(previous, false), members);
    }

    private void addRun(String table, NavigableMap<String, Snapshot.Row> run, Members members) {
        if (run.isEmpty()) {
            return;
        }
        Snapshot.Row first = run.firstEntry().getValue();
        Snapshot.Row last = run.lastEntry().getValue();
        members.add(base.renderedTable(table), first.offset(), last.offset() + last.length() - first.offset());
    }

    /** The record's canonical member, or null when absent. */
    private byte[] rendered(String table, String id) {
        JsonNode record = get(table, id);
        return record == null ? null : Snapshot.member(id, (ObjectNode) record);
    }

    /** Table members fed to a digest, a comma between each two. */
    private static final class Members {
        private final MessageDigest digest;
        private boolean empty = true;

        Members(MessageDigest digest) {
            this.digest = digest;
        }

        void add(byte[] member) {
            add(member, 0, member.length);
        }

        void add(byte[] bytes, int offset, int length) {
            if (!empty) {
                digest.update((byte) ',');
            }
            empty = false;
            digest.update(bytes, offset, length);
        }
    }

    /** The changes from {@code before} to this database, in table, id and path order. */
    public DiffPatch diffFrom(Database before) {
        NavigableSet<String> tables = new TreeSet<>(base.tableNames());
        tables.addAll(before.base.tableNames());
        tables.addAll(overlay.keySet());
        tables.addAll(before.overlay.keySet());
        List<DiffPatch.Change> changes = new ArrayList<>();
        for (String table : tables) {
            for (String id : candidateIds(table, before)) {
                JsonDiff.diff(table + "/" + id, before.get(table, id), get(table, id), changes);
            }
        }
        return new DiffPatch(List.copyOf(changes));
    }

    private NavigableSet<String> candidateIds(String table, Database before) {
        if (before.base != base) {
            // Different reference data: every record may differ.
            NavigableSet<String> all = ids(table);
            all.addAll(before.ids(table));
            return all;
        }
        // Same snapshot: only records either side touched can differ.
        NavigableSet<String> touched = new TreeSet<>(overlay.getOrDefault(table, Map.of()).keySet());
        touched.addAll(before.overlay.getOrDefault(table, Map.of()).keySet());
        return touched;
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        CanonicalJson.writeString(s, out);
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
