package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.apigenmt.schemas.export.TrajectoryFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A dataset folder's {@code README.md} (a Hugging Face dataset card: YAML header with one config
 * per layout file, their features, task categories and the license, then provenance and
 * statistics) and {@code dataset_info.json} (LLaMA-Factory's dataset registry, one entry per
 * layout file), so the folder uploads with {@code huggingface-cli upload} and trains as it is.
 * Field meanings and sources: docs/dataset-formats.md.
 */
public final class DatasetCard {

    public static final String CARD_FILE = "README.md";
    public static final String LLAMA_FACTORY_FILE = "dataset_info.json";
    /** What the card says when the user named no license: the models' terms decide, not us. */
    public static final String DEFAULT_LICENSE = "unknown";

    private static final Pattern LICENSE_ID = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
    private static final int TOP_TOOLS = 25;

    /** A role's model and endpoint as configured for the run that made the data. */
    public record RoleEndpoint(String model, String endpoint) {}

    /**
     * Where the data came from.
     *
     * @param version     the apigen-mt version that wrote the folder
     * @param commandLine the command, with credentials in URLs masked
     * @param license     a Hugging Face license id ({@code apache-2.0}, {@code cc-by-4.0}, ...)
     * @param endpoints   role → configured model and endpoint; empty when not known (export)
     * @param report      the ledger and funnel ({@code report.json}); null when not known
     * @param generatedAt when the folder was written
     */
    public record Provenance(String version, String commandLine, String license, Map<String, RoleEndpoint> endpoints,
                             JsonNode report, Instant generatedAt) {
        public Provenance {
            requireLicense(license);
            endpoints = Map.copyOf(endpoints);
        }
    }

    private final Map<TrajectoryFormat, String> files;
    private final ExportSummary summary;
    private final Provenance provenance;
    private final ObjectMapper json = new ObjectMapper();

    /** @param files layout → data file name, relative to the folder the card is written to */
    public DatasetCard(Map<TrajectoryFormat, String> files, ExportSummary summary, Provenance provenance) {
        this.files = new LinkedHashMap<>(files);
        this.summary = summary;
        this.provenance = provenance;
    }

    /** @throws IllegalArgumentException when {@code license} is not a lower-case license id */
    public static String requireLicense(String license) {
        if (license == null || !LICENSE_ID.matcher(license).matches()) {
            throw new IllegalArgumentException("license must be a Hugging Face license id such as apache-2.0, "
                    + "cc-by-4.0, mit, other or unknown, got '" + license + "'");
        }
        return license;
    }

    /** Replaces user-info in URLs ({@code https://user:secret@host}) so a command line can be shown. */
    public static String maskCredentials(String text) {
        return text.replaceAll("(?<=://)[^/@\\s]+@", "***@");
    }

    /** Writes README.md and dataset_info.json into {@code dir}. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            AtomicFile.writeAll(dir.resolve(CARD_FILE), List.of(markdown().stripTrailing()));
            AtomicFile.writeAll(dir.resolve(LLAMA_FACTORY_FILE),
                    List.of(json.writerWithDefaultPrettyPrinter().writeValueAsString(llamaFactoryInfo())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dataset card to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The LLaMA-Factory dataset_info.json: one entry per layout file, named apigen_mt_&lt;layout&gt;. */
    public ObjectNode llamaFactoryInfo() {
        ObjectNode info = json.createObjectNode();
        files.forEach((format, file) -> info.set(datasetName(format), format.llamaFactoryDatasetInfo(file)));
        return info;
    }

    static String datasetName(TrajectoryFormat format) {
        return "apigen_mt_" + format.id();
    }

    /** README.md: YAML front matter, then the card's text. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("---\n").append(yaml(frontMatter())).append("---\n\n");
        body(md);
        return md.toString();
    }

    ObjectNode frontMatter() {
        ObjectNode y = json.createObjectNode();
        y.put("license", provenance.license());
        y.putArray("task_categories").add("text-generation");
        y.putArray("language").add("en");
        y.putArray("tags").add("function-calling").add("tool-use").add("agents").add("multi-turn")
                .add("synthetic").add("apigen-mt");
        y.put("pretty_name", "apigen-mt verified agent trajectories (" + String.join(", ", domains()) + ")");
        y.putArray("size_categories").add(sizeCategory(summary.trajectories()));
        ArrayNode configs = y.putArray("configs");
        ArrayNode infos = y.putArray("dataset_info");
        boolean first = true;
        for (Map.Entry<TrajectoryFormat, String> e : files.entrySet()) {
            ObjectNode config = configs.addObject().put("config_name", e.getKey().id());
            if (first) {
                config.put("default", true);
                first = false;
            }
            config.putArray("data_files").addObject().put("split", "train").put("path", e.getValue());
            ObjectNode info = infos.addObject().put("config_name", e.getKey().id());
            info.set("features", e.getKey().features());
            info.putArray("splits").addObject().put("name", "train")
                    .put("num_examples", summary.rows(e.getKey()).writtenCount());
        }
        return y;
    }

    private void body(StringBuilder md) {
        md.append("# apigen-mt verified agent trajectories\n\n");
        md.append("Multi-turn conversations between a simulated customer and a tool-using agent in the ")
                .append(String.join(", ", domains()))
                .append(" domain(s), made with the APIGen-MT method by apigen-mt ").append(provenance.version())
                .append(". Every trajectory passed verification: the database state after the conversation equals "
                        + "the state after replaying the task's ground-truth actions, and every expected output "
                        + "appears in an agent reply.\n\n");

        md.append("## Files\n\n");
        md.append("| config | file | rows | rejected | for |\n|---|---|---|---|---|\n");
        files.forEach((format, file) -> {
            LayoutRows rows = summary.rows(format);
            md.append("| `").append(format.id()).append("` | `").append(file).append("` | ")
                    .append(rows.writtenCount()).append(" | ").append(rows.rejectedCount()).append(" | ")
                    .append(purpose(format)).append(" |\n");
        });
        md.append("\nA row whose layout's rules it cannot meet is not written; it is listed in `")
                .append(DatasetExport.REJECTS_FILE).append("` (or `<file>.rejects.jsonl`) with the reason");
        if (summary.rejected() > 0) {
            md.append(". Rejected here: ");
            List<String> parts = new ArrayList<>();
            files.keySet().forEach(f -> summary.rows(f).rejectedByReason()
                    .forEach((reason, n) -> parts.add(f.id() + " " + reason + " " + n)));
            md.append(String.join(", ", parts));
        }
        md.append(".\n\nEvery row also carries `task_id`, `domain`, `instruction` (what the simulated customer "
                + "was asked to do), `actions` (the ground-truth tool calls) and `outputs` (the answers the agent "
                + "had to give).\n\n");

        md.append("## Loading\n\n");
        md.append("```python\nfrom datasets import load_dataset\n\n"
                + "# tool arguments and parameter schemas are free-form JSON (features dtype: json, datasets >= 4.7)\n"
                + "ds = load_dataset(\"<user>/<repo>\", \"hf\", split=\"train\")\n```\n\n");
        md.append("- Hugging Face chat templates / TRL `SFTTrainer`: the `hf` config (`messages` + `tools`, "
                + "tool-call arguments as objects): `tokenizer.apply_chat_template(row[\"messages\"], "
                + "tools=row[\"tools\"])`.\n");
        md.append("- LLaMA-Factory: `").append(LLAMA_FACTORY_FILE).append("` registers ")
                .append(String.join(", ", files.keySet().stream().map(f -> "`" + datasetName(f) + "`").toList()))
                .append("; point `dataset_dir` at this folder (or `REMOTE:<user>/<repo>`). Prefer `")
                .append(datasetName(TrajectoryFormat.SHAREGPT)).append("` or `").append(datasetName(TrajectoryFormat.HF))
                .append("`: LLaMA-Factory re-encodes the string arguments of the `openai` layout, so its tool calls "
                        + "would train as quoted strings.\n");
        md.append("- OpenAI fine-tuning API: the `openai` config (arguments as JSON strings, as the API sends them).\n\n");

        provenanceSection(md);
        statistics(md);

        md.append("## License\n\n`").append(provenance.license()).append("`");
        if (DEFAULT_LICENSE.equals(provenance.license())) {
            md.append(": not set (`--license ID` sets it). The conversations were written by the models listed "
                    + "above; their providers' terms of use decide how the data may be used.");
        } else {
            md.append(", as set by whoever produced this folder. The terms of use of the models listed above "
                    + "apply as well.");
        }
        md.append("\n");
    }

    private void provenanceSection(StringBuilder md) {
        md.append("## Provenance\n\n");
        md.append("- Made by apigen-mt ").append(provenance.version()).append(" on ")
                .append(provenance.generatedAt()).append(" with `").append(provenance.commandLine()).append("`\n");
        md.append("- Trajectories: ").append(summary.trajectories()).append(" distinct verified task(s)");
        if (summary.duplicatesSkipped() > 0) {
            md.append(", ").append(summary.duplicatesSkipped()).append(" duplicate record(s) skipped");
        }
        md.append("\n\n### Models\n\n| role | model (trajectories) | endpoint |\n|---|---|---|\n");
        Map<String, String> rows = new TreeMap<>();
        summary.stats().modelsByRole().forEach((role, models) -> rows.put(role, describe(models)));
        provenance.endpoints().keySet().forEach(role -> rows.putIfAbsent(role, ""));
        rows.forEach((role, models) -> {
            RoleEndpoint configured = provenance.endpoints().get(role);
            String model = models.isEmpty() && configured != null ? orDefault(configured.model()) : models;
            md.append("| ").append(role).append(" | ").append(model).append(" | ")
                    .append(configured == null ? "not recorded" : "`" + configured.endpoint() + "`").append(" |\n");
        });
        md.append('\n');
        JsonNode report = provenance.report();
        if (report != null) {
            funnel(md, report);
        }
        md.append("### Per domain\n\n| domain | requested | verified | dead-lettered |");
        files.keySet().forEach(f -> md.append(' ').append(f.id()).append(" rows |"));
        md.append("\n|---|---|---|---|").append("---|".repeat(files.size())).append('\n');
        for (String domain : domains()) {
            JsonNode d = report == null ? json.missingNode() : report.path("domains").path(domain);
            md.append("| ").append(domain).append(" | ").append(orDash(d.path("requested"))).append(" | ")
                    .append(summary.stats().trajectoriesByDomain().getOrDefault(domain, 0L)).append(" | ")
                    .append(orDash(d.path("dead_lettered"))).append(" |");
            files.keySet().forEach(f -> md.append(' ').append(summary.stats().rows(domain, f)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    private static void funnel(StringBuilder md, JsonNode report) {
        JsonNode stages = report.path("stages");
        JsonNode review = stages.path("review");
        JsonNode rollout = stages.path("rollout");
        md.append("### Funnel\n\n| step | count |\n|---|---|\n");
        row(md, "tasks requested", report.path("requested"));
        row(md, "blueprints generated", stages.path("generate").path("generated"));
        row(md, "rejected by the format check", review.path("format_rejections"));
        row(md, "rejected by the execution check", review.path("execution_rejections"));
        row(md, "rejected by the policy check", review.path("policy_rejections"));
        row(md, "rejected by the review committee", review.path("review_rejections"));
        row(md, "revised with feedback", stages.path("regenerate").path("regenerations"));
        row(md, "approved (first attempt)", review.path("approved_first_attempt"));
        row(md, "approved (after feedback)", review.path("approved_after_feedback"));
        row(md, "rollout trials", rollout.path("rollout_trials"));
        row(md, "rollouts failed", rollout.path("rollout_failures"));
        row(md, "verified", report.path("verified"));
        row(md, "dead-lettered", report.path("dead_lettered"));
        report.path("dead_letters_by_reason").fields()
                .forEachRemaining(e -> row(md, "dead letter: " + e.getKey(), e.getValue()));
        JsonNode usage = report.path("llm_usage");
        row(md, "model calls", usage.path("llm_calls"));
        row(md, "prompt tokens", usage.path("prompt_tokens"));
        row(md, "completion tokens", usage.path("completion_tokens"));
        md.append('\n');
    }

    private void statistics(StringBuilder md) {
        DatasetStats stats = summary.stats();
        md.append("## Statistics\n\nPer training conversation (the turns every layout keeps):\n\n");
        md.append("| | min | mean | max | total |\n|---|---|---|---|---|\n");
        summaryRow(md, "customer turns", stats.customerTurns());
        summaryRow(md, "agent replies", stats.agentReplies());
        summaryRow(md, "tool calls", stats.toolCalls());
        md.append("\n| tool | calls |\n|---|---|\n");
        stats.toolCallsByName().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_TOOLS)
                .forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n"));
        md.append('\n');
    }

    private static void summaryRow(StringBuilder md, String what, IntSummaryStatistics s) {
        md.append("| ").append(what).append(" | ");
        if (s.getCount() == 0) {
            md.append("- | - | - | 0 |\n");
            return;
        }
        md.append(s.getMin()).append(" | ").append(String.format(Locale.ROOT, "%.1f", s.getAverage())).append(" | ")
                .append(s.getMax()).append(" | ").append(s.getSum()).append(" |\n");
    }

    private static void row(StringBuilder md, String what, JsonNode value) {
        md.append("| ").append(what).append(" | ").append(orDash(value)).append(" |\n");
    }

    private static String orDash(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    private static String orDefault(String model) {
        return model == null ? "the server's default" : model;
    }

    private static String describe(Map<String, Long> models) {
        List<String> parts = new ArrayList<>();
        models.forEach((model, n) -> parts.add("`" + model + "` (" + n + ")"));
        return String.join(", ", parts);
    }

    private List<String> domains() {
        List<String> names = new ArrayList<>(summary.stats().trajectoriesByDomain().keySet());
        JsonNode reported = provenance.report() == null ? null : provenance.report().path("domains");
        if (reported != null) {
            reported.fieldNames().forEachRemaining(d -> {
                if (!names.contains(d)) {
                    names.add(d);
                }
            });
        }
        names.sort(null);
        return names;
    }

    private static String purpose(TrajectoryFormat format) {
        return switch (format) {
            case SHAREGPT -> "APIGen-MT-5k layout; LLaMA-Factory `formatting: sharegpt`";
            case OPENAI -> "OpenAI chat fine-tuning (arguments as JSON strings)";
            case HF -> "Hugging Face chat templates, TRL `SFTTrainer`, LLaMA-Factory `formatting: openai`";
        };
    }

    /** The Hugging Face size category of {@code n} rows. */
    static String sizeCategory(long n) {
        String[] names = {"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M"};
        long bound = 1_000;
        for (String name : names) {
            if (n < bound) {
                return name;
            }
            bound *= 10;
        }
        return "n>100M";
    }

    private static String yaml(ObjectNode node) {
        YAMLMapper mapper = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes as YAML", e);
        }
    }
}
