package io.apigenmt.domains;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One tool as offered to the agent: an OpenAI function (name, description, JSON-schema
 * parameters) plus what it does to the episode.
 *
 * @param parameters a JSON schema object: {"type":"object","properties":{...},"required":[...]}
 * @param kind       whether the tool reads, writes (changes state) or ends the episode
 */
public record ToolSpec(String name, String description, JsonNode parameters, Kind kind) {

    public enum Kind { READ, WRITE, TERMINATE }

    public boolean isWrite() {
        return kind == Kind.WRITE;
    }

    public boolean terminates() {
        return kind == Kind.TERMINATE;
    }

    /**
     * Checks arguments against {@link #parameters()}: required properties present, no unknown
     * properties, JSON types (string, integer, number, boolean, array, object) and enums match.
     *
     * @return one readable message per problem; empty when the arguments are valid
     */
    public List<String> validate(JsonNode arguments) {
        return ArgumentValidator.validate(name, parameters, arguments);
    }
}
