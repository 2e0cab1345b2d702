package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Any Avro record as plain JSON under its schema's field names (unions unwrapped, bytes as
 * base64), so the viewer's files follow the schemas as they grow without a mapper per type.
 */
final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    /** Every field of {@code record} except {@code skipped}. */
    static ObjectNode of(IndexedRecord record, Set<String> skipped) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            if (!skipped.contains(f.name())) {
                node.set(f.name(), value(f.schema(), record.get(f.pos())));
            }
        }
        return node;
    }

    static ObjectNode of(IndexedRecord record) {
        return of(record, Set.of());
    }

    private static JsonNode value(Schema schema, Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case UNION -> value(schema.getTypes().get(GenericData.get().resolveUnion(schema, v)), v);
            case RECORD -> of((IndexedRecord) v);
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) v) {
                    array.add(value(schema.getElementType(), item));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) v).forEach((k, item) -> map.set(k.toString(), value(schema.getValueType(), item)));
                yield map;
            }
            case BYTES -> {
                ByteBuffer b = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                yield NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case INT -> NODES.numberNode((Integer) v);
            case LONG -> NODES.numberNode((Long) v);
            case DOUBLE -> NODES.numberNode((Double) v);
            case FLOAT -> NODES.numberNode((Float) v);
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case NULL -> NODES.nullNode();
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) v).bytes()));
            case STRING, ENUM -> NODES.textNode(v.toString());
        };
    }
}
