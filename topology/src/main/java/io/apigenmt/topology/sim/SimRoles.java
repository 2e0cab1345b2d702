package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.llm.PromptBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The roles sim-llm plays, by name. A request is routed to a role in two steps:
 * <ol>
 *   <li>by model name: the role whose name is the longest prefix of the requested model
 *       (lower case), e.g. {@code sim-judge-2} goes to {@code sim-judge};</li>
 *   <li>otherwise by content: the first role, in registration order, whose detector accepts
 *       the request. The Phase-1 roles detect the tagged blocks of the pipeline's prompts
 *       ({@code <task_context>} generator, {@code <diff_patch>} judge,
 *       {@code <failure_reasons>} summarizer).</li>
 * </ol>
 * Unknown → the server answers 404 model_not_found.
 */
public final class SimRoles {

    public static final String GENERATOR = "sim-generator";
    public static final String JUDGE = "sim-judge";
    public static final String SUMMARIZER = "sim-summarizer";
    public static final String USER = "sim-user";
    public static final String AGENT = "sim-agent";

    /** One role: its model-name prefix, its behaviour, and how to recognise its prompts. */
    public record Entry(String name, SimRole role, Predicate<JsonNode> detector) {
        public Entry {
            name = name.toLowerCase(Locale.ROOT);
            detector = detector == null ? r -> false : detector;
        }
    }

    private final List<Entry> entries;
    private final List<Entry> byPrefixLength;

    private SimRoles(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> e.name().length()).reversed());
        this.byPrefixLength = List.copyOf(sorted);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding generator, judge and summarizer; add the Phase-2 roles to it. */
    public static Builder phaseOne(DomainRegistry domains, SimLlmOptions options, ObjectMapper json) {
        return builder()
                .add(GENERATOR, new SimGenerator(domains, options, json),
                        r -> SimPrompts.hasBlock(r, PromptBlock.TASK_CONTEXT) || SimPrompts.hasBlock(r, PromptBlock.RECOMBINATION))
                .add(JUDGE, new SimJudge(options, json), r -> SimPrompts.hasBlock(r, PromptBlock.DIFF_PATCH))
                .add(SUMMARIZER, new SimSummarizer(json), r -> SimPrompts.hasBlock(r, PromptBlock.FAILURE_REASONS));
    }

    /** The role for a request, by model name first, then by content. */
    public Optional<Entry> resolve(JsonNode request) {
        String model = request.path("model").asText("").strip().toLowerCase(Locale.ROOT);
        for (Entry e : byPrefixLength) {
            if (!model.isEmpty() && model.startsWith(e.name())) {
                return Optional.of(e);
            }
        }
        for (Entry e : entries) {
            if (e.detector().test(request)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public List<Entry> entries() {
        return entries;
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        /**
         * Registers a role; a later registration under the same name replaces the earlier one
         * (keeping its place in detection order).
         *
         * @param detector recognises the role's prompts when the model name says nothing; may be null
         */
        public Builder add(String name, SimRole role, Predicate<JsonNode> detector) {
            Entry entry = new Entry(name, role, detector);
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).name().equals(entry.name())) {
                    entries.set(i, entry);
                    return this;
                }
            }
            entries.add(entry);
            return this;
        }

        public SimRoles build() {
            return new SimRoles(entries);
        }
    }
}
