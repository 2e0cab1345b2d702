package io.apigenmt.topology.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A populated instance of any generated Avro class, every field set (unions take their non-null
 * branch, arrays and maps get two entries), derived from the schema itself so it keeps up with
 * schema changes.
 */
public final class SampleRecords {

    private SampleRecords() {}

    public static <T extends SpecificRecord> T of(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        @SuppressWarnings("unchecked")
        T value = (T) model.deepCopy(schema, fill(schema, schema.getName()));
        return value;
    }

    private static Object fill(Schema s, String hint) {
        return switch (s.getType()) {
            case RECORD -> {
                GenericData.Record r = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    r.put(f.name(), fill(f.schema(), f.name()));
                }
                yield r;
            }
            case STRING -> hint + "-välue";
            case INT -> hint.length();
            case LONG -> 1_700_000_000_000L + hint.length();
            case DOUBLE -> 0.75;
            case FLOAT -> 0.5f;
            case BOOLEAN -> true;
            case BYTES -> ByteBuffer.wrap(hint.getBytes(StandardCharsets.UTF_8));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                items.add(fill(s.getElementType(), hint + "0"));
                items.add(fill(s.getElementType(), hint + "1"));
                yield new GenericData.Array<>(s, items);
            }
            case MAP -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("k1", fill(s.getValueType(), hint + "k1"));
                m.put("k2", fill(s.getValueType(), hint + "k2"));
                yield m;
            }
            case UNION -> {
                Schema branch = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                        .orElse(s.getTypes().get(0));
                yield branch.getType() == Schema.Type.NULL ? null : fill(branch, hint);
            }
            case ENUM -> new GenericData.EnumSymbol(s, s.getEnumSymbols().get(0));
            case NULL -> null;
            case FIXED -> new GenericData.Fixed(s, new byte[s.getFixedSize()]);
        };
    }
}
