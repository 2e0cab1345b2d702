package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prompt cache of a prefix-caching server, simulated: a request's cached tokens are those of
 * its longest run of leading messages (with its model and tools) that an earlier request began
 * with, as vLLM's automatic prefix caching and SGLang's radix cache find them (at message rather
 * than block granularity). Remembers the most recent {@code capacity} prefixes (least recently
 * used go first), so memory stays bounded on long runs; forgetting one only means a miss.
 */
final class PrefixCache {

    private final Map<Long, Boolean> prefixes;

    PrefixCache(int capacity) {
        this.prefixes = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The bytes of the request's longest prefix seen before (0 for none); remembers every prefix
     * of this request for the ones that follow.
     */
    synchronized long lookUpAndRemember(JsonNode request) {
        JsonNode messages = request.path("messages");
        long chain = SimLlmServer.hash((request.path("model").asText("") + "\u0000" + request.path("tools"))
                .getBytes(StandardCharsets.UTF_8));
        long bytes = request.path("tools").toString().length();
        long cached = 0;
        boolean prefixHit = true;
        for (JsonNode message : messages) {
            String text = message.toString();
            chain = SimLlmServer.mix(chain, SimLlmServer.hash(text.getBytes(StandardCharsets.UTF_8)));
            bytes += text.length();
            // get() marks the prefix used; a miss ends the cached run, the rest is remembered below.
            prefixHit = prefixHit && prefixes.get(chain) != null;
            if (prefixHit) {
                cached = bytes;
            } else {
                prefixes.put(chain, Boolean.TRUE);
            }
        }
        return cached;
    }
}
