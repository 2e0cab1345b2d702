package io.apigenmt.topology.view;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Task ids in the order people count them: {@code seed-2} before {@code seed-10}. */
final class TaskIds {

    private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)$");

    /** By the id without its trailing number, then by that number, then as text. */
    static final Comparator<String> ORDER = Comparator.<String, String>comparing(id -> split(id).stem())
            .thenComparingLong(id -> split(id).number())
            .thenComparing(Comparator.naturalOrder());

    private TaskIds() {}

    private record Parts(String stem, long number) {}

    private static Parts split(String id) {
        Matcher m = TRAILING_NUMBER.matcher(id);
        if (m.matches() && m.group(2).length() <= 18) {
            return new Parts(m.group(1), Long.parseLong(m.group(2)));
        }
        return new Parts(id, -1);
    }
}
