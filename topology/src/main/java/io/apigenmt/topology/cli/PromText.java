package io.apigenmt.topology.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The samples of a Prometheus text exposition ({@code /metrics}) that {@code bench} reads from
 * its worker processes. Only the metric families asked for are parsed: a worker's page carries
 * thousands of Kafka client lines the bench does not need.
 */
record PromText(List<Sample> samples) {

    /** One line: {@code name{label="value",...} value}. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /** @param families metric names as exposed (e.g. {@code jvm_memory_used_bytes}); a sample's name must equal one */
    static PromText parse(String text, Set<String> families) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            if (!families.contains(name)) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            int i = nameEnd;
            if (i < line.length() && line.charAt(i) == '{') {
                i = labels(line, i + 1, labels);
            }
            String rest = line.substring(Math.min(i, line.length())).strip();
            int space = rest.indexOf(' ');
            String value = space < 0 ? rest : rest.substring(0, space);
            try {
                out.add(new Sample(name, Map.copyOf(labels), Double.parseDouble(value)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unreadable metrics line: " + line);
            }
        }
        return new PromText(List.copyOf(out));
    }

    /** Sum of the samples of {@code name} whose labels pass {@code filter}. */
    double sum(String name, Predicate<Map<String, String>> filter) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && filter.test(s.labels())) {
                sum += s.value();
            }
        }
        return sum;
    }

    double sum(String name) {
        return sum(name, l -> true);
    }

    /** Sums of {@code name} grouped by the value of {@code label}. */
    Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> out = new HashMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name)) {
                out.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum);
            }
        }
        return out;
    }

    /** Parses {@code key="value",...}} from {@code i}; returns the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("unreadable metrics labels: " + line);
            }
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < line.length() && line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }
}
