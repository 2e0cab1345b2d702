package io.apigenmt.domains.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.state.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's database as files in tau-bench's layout: one JSON file per table, each an object from
 * record id to record (retail {@code users.json}, {@code orders.json}, {@code products.json};
 * airline {@code users.json}, {@code flights.json}, {@code reservations.json}). Reading checks every
 * record against its {@link Shape}; writing puts records in id order.
 */
public final class DataLayout {

    /**
     * One file of the layout.
     *
     * @param name    the file name, e.g. {@code orders.json}
     * @param table   the table it holds, e.g. {@code orders}
     * @param noun    what one record is called in messages, e.g. {@code order}
     * @param idField the record field that repeats its key (e.g. {@code order_id}), or null when the
     *                records do not carry their id (tau-bench's users)
     */
    public record File(String name, String table, String noun, String idField, Shape shape) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<File> files;

    private DataLayout(List<File> files) {
        this.files = List.copyOf(files);
    }

    public static DataLayout of(File... files) {
        return new DataLayout(List.of(files));
    }

    public List<File> files() {
        return files;
    }

    /** Reads and checks every file of the layout from {@code dir}. */
    public Snapshot read(Path dir) {
        Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
        for (File file : files) {
            tables.put(file.table(), readFile(dir, file));
        }
        return Snapshot.of(tables);
    }

    private static Map<String, ObjectNode> readFile(Path dir, File file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(dir.resolve(file.name())));
        } catch (NoSuchFileException e) {
            throw new DomainDataException(file.name(), "no such file in " + dir);
        } catch (JsonProcessingException e) {
            throw new DomainDataException(file.name(), "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new DomainDataException(file.name(), "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DomainDataException(file.name(), "must be a JSON object from each " + file.noun()
                    + " id to its record");
        }
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = root.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String id = entry.getKey();
            JsonNode record = entry.getValue();
            String problem = file.shape().check(record, "");
            if (problem == null && file.idField() != null && record.has(file.idField())
                    && !id.equals(record.get(file.idField()).asText())) {
                problem = file.idField() + " is " + record.get(file.idField()) + ", not the record's key";
            }
            if (problem != null) {
                throw new DomainDataException(file.name(), file.noun() + " " + id + ": " + problem);
            }
            records.put(id, (ObjectNode) record);
        }
        return records;
    }

    /** Writes every table of the database as a layout file into {@code dir} (created if needed). */
    public void write(Database db, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (File file : files) {
            Path target = dir.resolve(file.name());
            Path tmp = Files.createTempFile(dir, "." + file.name(), ".part");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(out, table(db, file.table()));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The whole database as {@code {"users": {id: record, ...}, ...}}, tables in layout order. */
    public ObjectNode tables(Database db) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (File file : files) {
            out.set(file.table(), table(db, file.table()));
        }
        return out;
    }

    private static ObjectNode table(Database db, String table) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String id : db.ids(table)) {
            out.set(id, db.get(table, id));
        }
        return out;
    }

    /** Record counts per file, e.g. for a message after writing. */
    public Map<String, Integer> sizes(Database db) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        files.forEach(f -> sizes.put(f.name(), db.ids(f.table()).size()));
        return sizes;
    }
}
