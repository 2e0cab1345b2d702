package io.apigenmt.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.JsonSafeLong;
import io.apigenmt.schemas.SeedRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validates one line of a seed file into a {@link SeedRequest}. Outcomes are data: a
 * {@link Valid} seed or an {@link Invalid} line with the reason, so the task decides whether a
 * bad line is skipped or fatal.
 */
final class SeedLine {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("seed_id", "domain", "tasks", "random_seed", "options");
  private static final int MAX_SEED_ID = 200;

  sealed interface Result permits Valid, Invalid {}

  record Valid(SeedRequest seed) implements Result {}

  record Invalid(String reason) implements Result {}

  private final int maxTasks;
  private final Set<String> allowedDomains;

  /** @param allowedDomains empty accepts any domain (fan-out dead-letters unknown ones) */
  SeedLine(int maxTasks, Set<String> allowedDomains) {
    this.maxTasks = maxTasks;
    this.allowedDomains = Set.copyOf(allowedDomains);
  }

  Result parse(String line) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return new Invalid("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return new Invalid("not a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        // Strict: a typo such as "task" must not silently become the default.
        return new Invalid("unknown field '" + field
            + "' (expected seed_id, domain, tasks, random_seed, options)");
      }
    }
    JsonNode seedId = root.get("seed_id");
    if (seedId == null || !seedId.isTextual() || seedId.asText().isBlank()) {
      return new Invalid("seed_id must be a non-empty string");
    }
    String id = seedId.asText();
    if (id.length() > MAX_SEED_ID || id.chars().anyMatch(c -> Character.isWhitespace(c)
        || Character.isISOControl(c))) {
      return new Invalid("seed_id must be at most " + MAX_SEED_ID
          + " characters without whitespace or control characters");
    }
    JsonNode domain = root.get("domain");
    if (domain == null || !domain.isTextual() || domain.asText().isBlank()) {
      return new Invalid("domain must be a non-empty string");
    }
    if (!allowedDomains.isEmpty() && !allowedDomains.contains(domain.asText())) {
      return new Invalid("domain '" + domain.asText() + "' is not one of " + allowedDomains);
    }
    JsonNode tasks = root.get("tasks");
    if (tasks == null || !tasks.canConvertToExactIntegral() || !tasks.canConvertToInt()) {
      return new Invalid("tasks must be an integer");
    }
    if (tasks.asInt() < 1 || tasks.asInt() > maxTasks) {
      return new Invalid("tasks must be between 1 and " + maxTasks + ", got " + tasks.asInt());
    }
    JsonNode randomSeed = root.get("random_seed");
    long seed = 0;
    if (randomSeed != null && !randomSeed.isNull()) {
      if (!randomSeed.canConvertToExactIntegral() || !randomSeed.canConvertToLong()) {
        return new Invalid("random_seed must be an integer");
      }
      seed = randomSeed.asLong();
      if (!JsonSafeLong.isSafe(seed)) {
        return new Invalid("random_seed must be within +-" + JsonSafeLong.MAX
            + " (53 bits, what JSON and JavaScript clients keep exactly)");
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode opts = root.get("options");
    if (opts != null && !opts.isNull()) {
      if (!opts.isObject()) {
        return new Invalid("options must be an object of string values");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> option = it.next();
        if (!option.getValue().isValueNode() || option.getValue().isNull()) {
          return new Invalid("options." + option.getKey()
              + " must be a string, number or boolean");
        }
        options.put(option.getKey(), option.getValue().asText());
      }
    }
    return new Valid(SeedRequest.newBuilder().setSeedId(id).setDomain(domain.asText())
        .setTasks(tasks.asInt()).setRandomSeed(seed).setOptions(options).build());
  }
}
