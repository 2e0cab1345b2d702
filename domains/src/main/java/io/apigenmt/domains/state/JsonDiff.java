package io.apigenmt.domains.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.DiffPatch;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Leaf-level differences between two JSON values, addressed by slash paths. Arrays that only
 * grew (a payment appended to a history) report just the new elements, so reviewers see
 * {@code orders/#W1234567/payment_history/1} rather than the whole history twice.
 */
public final class JsonDiff {

    private JsonDiff() {}

    public static void diff(String path, JsonNode before, JsonNode after, List<DiffPatch.Change> out) {
        if (same(before, after)) {
            return;
        }
        if (before == null || after == null) {
            out.add(new DiffPatch.Change(path, before, after));
        } else if (before.isObject() && after.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path + "/" + key, before.get(key), after.get(key), out);
            }
        } else if (before.isArray() && after.isArray() && before.size() <= after.size()
                && (before.size() == after.size() || isPrefix(before, after))) {
            for (int i = 0; i < after.size(); i++) {
                diff(path + "/" + i, i < before.size() ? before.get(i) : null, after.get(i), out);
            }
        } else {
            out.add(new DiffPatch.Change(path, before, after));
        }
    }

    /** Structural equality where numbers compare by value (12.5 equals 12.50). */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!same(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean isPrefix(JsonNode shorter, JsonNode longer) {
        for (int i = 0; i < shorter.size(); i++) {
            if (!same(shorter.get(i), longer.get(i))) {
                return false;
            }
        }
        return true;
    }
}
