package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a dataset card the way the Hugging Face Hub does (docs/dataset-formats.md, "Dataset
 * card"): YAML between the leading {@code ---} lines, {@code configs[].data_files[].path} naming
 * files of the repository, {@code dataset_info[].features} in the YAML form of
 * {@code datasets.Features}. {@link #problems} checks a row against those features the way
 * loading with declared features would: every column declared, every value of its type.
 */
final class DatasetCardReader {

    private static final YAMLMapper YAML = new YAMLMapper();

    record Card(JsonNode header, String body) {

        JsonNode config(String name) {
            for (JsonNode c : header.path("configs")) {
                if (c.path("config_name").asText().equals(name)) {
                    return c;
                }
            }
            return YAML.missingNode();
        }

        JsonNode info(String name) {
            for (JsonNode c : header.path("dataset_info")) {
                if (c.path("config_name").asText().equals(name)) {
                    return c;
                }
            }
            return YAML.missingNode();
        }
    }

    private DatasetCardReader() {}

    static Card read(Path readme) throws IOException {
        String text = Files.readString(readme);
        if (!text.startsWith("---\n")) {
            throw new IllegalArgumentException("no YAML front matter in " + readme);
        }
        int end = text.indexOf("\n---\n", 4);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated YAML front matter in " + readme);
        }
        return new Card(YAML.readTree(text.substring(4, end + 1)), text.substring(end + 5));
    }

    /** Where {@code row} does not fit {@code features} (a list of {name, dtype|list|struct}). */
    static List<String> problems(JsonNode features, JsonNode row) {
        List<String> problems = new ArrayList<>();
        fields(features, row, "", problems);
        return problems;
    }

    private static void fields(JsonNode features, JsonNode object, String at, List<String> problems) {
        Set<String> declared = new HashSet<>();
        for (JsonNode feature : features) {
            String name = feature.path("name").asText();
            declared.add(name);
            value(feature, object.path(name), at + "/" + name, problems);
        }
        object.fieldNames().forEachRemaining(name -> {
            if (!declared.contains(name)) {
                problems.add(at + "/" + name + " is not declared in the features");
            }
        });
    }

    private static void value(JsonNode feature, JsonNode value, String at, List<String> problems) {
        if (value.isMissingNode() || value.isNull()) {
            return; // absent keys load as null
        }
        if (feature.has("dtype")) {
            String dtype = feature.path("dtype").asText();
            boolean ok = switch (dtype) {
                case "string" -> value.isTextual();
                case "json" -> true;
                case "bool" -> value.isBoolean();
                default -> value.isNumber();
            };
            if (!ok) {
                problems.add(at + " is " + value.getNodeType() + ", declared " + dtype);
            }
        } else if (feature.has("list")) {
            if (!value.isArray()) {
                problems.add(at + " is " + value.getNodeType() + ", declared a list");
                return;
            }
            JsonNode item = feature.path("list");
            for (int i = 0; i < value.size(); i++) {
                if (item.isTextual()) {
                    value(YAML.createObjectNode().put("dtype", item.asText()), value.get(i), at + "/" + i, problems);
                } else if (!value.get(i).isObject()) {
                    problems.add(at + "/" + i + " is " + value.get(i).getNodeType() + ", declared a struct");
                } else {
                    fields(item, value.get(i), at + "/" + i, problems);
                }
            }
        } else if (feature.has("struct")) {
            if (!value.isObject()) {
                problems.add(at + " is " + value.getNodeType() + ", declared a struct");
                return;
            }
            fields(feature.path("struct"), value, at, problems);
        } else {
            problems.add(at + " has a feature of unknown form: " + feature);
        }
    }
}
