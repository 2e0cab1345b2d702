package io.apigenmt.topology.platform;

import io.apigenmt.schemas.registry.Compatibility;
import io.apigenmt.schemas.registry.IncompatibleSchemaException;
import io.apigenmt.schemas.registry.InvalidSchemaException;
import io.apigenmt.schemas.registry.RegisteredSchema;
import io.apigenmt.schemas.registry.SchemaNotFoundException;
import io.apigenmt.schemas.registry.SchemaRegistryException;
import io.apigenmt.schemas.registry.SubjectNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The registry's state: schemas by id, versions by subject, compatibility levels. Every change
 * is first appended to the {@link SchemaLog} (the {@code _schemas} topic) and only then applied,
 * so what a client was told is always durable; replaying the log rebuilds the same ids.
 * Errors are {@link SchemaRegistryException}s carrying the Confluent error codes.
 */
final class SchemaStore {

    static final Compatibility DEFAULT_COMPATIBILITY = Compatibility.BACKWARD;

    private final SchemaLog schemaLog;
    private final Map<Integer, Schema> byId = new HashMap<>();
    /** Canonical text (Schema.toString of the parsed schema) to id: identical schemas share an id. */
    private final Map<String, Integer> idByText = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> versions = new TreeMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private Compatibility globalLevel = DEFAULT_COMPATIBILITY;
    private int maxId;

    SchemaStore(SchemaLog schemaLog) {
        this.schemaLog = schemaLog;
    }

    // ---- replay: applies what the log holds, without appending ----

    synchronized void applySchema(String subject, int version, int id, String schemaText) {
        Schema schema = new Schema.Parser().parse(schemaText);
        byId.put(id, schema);
        idByText.putIfAbsent(schema.toString(), id);
        versions.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, id);
        maxId = Math.max(maxId, id);
    }

    synchronized void applyConfig(String subject, Compatibility level) {
        if (subject == null) {
            globalLevel = level == null ? DEFAULT_COMPATIBILITY : level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    // ---- API ----

    /** Registers and returns the id; an identical schema already under the subject keeps its id. */
    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String text = schema.toString();
        TreeMap<Integer, Integer> subjectVersions = versions.get(subject);
        if (subjectVersions != null) {
            for (int id : subjectVersions.values()) {
                if (byId.get(id).toString().equals(text)) {
                    return id;
                }
            }
            List<String> problems = incompatibilities(subject, schema, levelOf(subject), subjectVersions);
            if (!problems.isEmpty()) {
                throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier "
                        + "schema for subject \"" + subject + "\" (" + levelOf(subject) + "): "
                        + String.join("; ", problems));
            }
        }
        int id = idByText.getOrDefault(text, maxId + 1);
        int version = subjectVersions == null ? 1 : subjectVersions.lastKey() + 1;
        schemaLog.appendSchema(subject, version, id, text);
        applySchema(subject, version, id, text);
        return id;
    }

    synchronized RegisteredSchema lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        TreeMap<Integer, Integer> subjectVersions = requireSubject(subject);
        String text = schema.toString();
        for (Map.Entry<Integer, Integer> e : subjectVersions.entrySet()) {
            if (byId.get(e.getValue()).toString().equals(text)) {
                return new RegisteredSchema(subject, e.getKey(), e.getValue(), byId.get(e.getValue()));
            }
        }
        throw new SchemaNotFoundException("Schema not found under subject \"" + subject + "\"");
    }

    synchronized Schema schemaById(int id) {
        Schema s = byId.get(id);
        if (s == null) {
            throw new SchemaNotFoundException("Schema " + id + " not found");
        }
        return s;
    }

    synchronized List<String> subjects() {
        return new ArrayList<>(versions.keySet());
    }

    synchronized List<Integer> versions(String subject) {
        return new ArrayList<>(requireSubject(subject).keySet());
    }

    /** {@code version} is a number or "latest" (or -1, Confluent's alias for latest). */
    synchronized RegisteredSchema version(String subject, String version) {
        TreeMap<Integer, Integer> subjectVersions = requireSubject(subject);
        int v = resolveVersion(subjectVersions, version);
        Integer id = subjectVersions.get(v);
        if (id == null) {
            throw new SchemaRegistryException(404, 40402, "Version " + version + " not found.");
        }
        return new RegisteredSchema(subject, v, id, byId.get(id));
    }

    /** Whether {@code schemaText} is compatible with {@code version} under the subject's level. */
    synchronized List<String> checkCompatibility(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        TreeMap<Integer, Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null) {
            if ("latest".equals(version) || "-1".equals(version)) {
                return List.of(); // anything may be the first schema of a subject
            }
            throw new SubjectNotFoundException("Subject '" + subject + "' not found.");
        }
        Compatibility level = levelOf(subject);
        if ("latest".equals(version) || "-1".equals(version)) {
            return incompatibilities(subject, schema, level, subjectVersions);
        }
        int v = resolveVersion(subjectVersions, version);
        Integer id = subjectVersions.get(v);
        if (id == null) {
            throw new SchemaRegistryException(404, 40402, "Version " + version + " not found.");
        }
        TreeMap<Integer, Integer> one = new TreeMap<>(Map.of(v, id));
        return incompatibilities(subject, schema, level, one);
    }

    synchronized Compatibility globalCompatibility() {
        return globalLevel;
    }

    synchronized Optional<Compatibility> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized void setCompatibility(String subject, Compatibility level) {
        schemaLog.appendConfig(subject, level);
        applyConfig(subject, level);
    }

    private Compatibility levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** Problems found checking {@code schema} against the latest (or every, if transitive) version. */
    private List<String> incompatibilities(String subject, Schema schema, Compatibility level,
                                           TreeMap<Integer, Integer> subjectVersions) {
        List<Integer> against = level.transitive() ? new ArrayList<>(subjectVersions.values())
                : List.of(subjectVersions.lastEntry().getValue());
        List<String> problems = new ArrayList<>();
        for (int id : against) {
            Schema existing = byId.get(id);
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(schema, existing), problems,
                        "new schema cannot read data written with id " + id);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(existing, schema), problems,
                        "schema id " + id + " cannot read data written with the new schema");
            }
        }
        return problems;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility result, List<String> problems,
                                 String what) {
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            List<String> details = new ArrayList<>();
            for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
                details.add(i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")");
            }
            problems.add(what + ": " + String.join(", ", details));
        }
    }

    private TreeMap<Integer, Integer> requireSubject(String subject) {
        TreeMap<Integer, Integer> v = versions.get(subject);
        if (v == null) {
            throw new SubjectNotFoundException("Subject '" + subject + "' not found.");
        }
        return v;
    }

    private static int resolveVersion(TreeMap<Integer, Integer> subjectVersions, String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return subjectVersions.lastKey();
        }
        try {
            int v = Integer.parseInt(version);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(422, 42202, "The specified version '" + version + "' is not a valid "
                    + "version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
    }

    private static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Empty schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("Invalid schema: " + e.getMessage());
        }
    }
}
