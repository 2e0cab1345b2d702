package io.apigenmt.topology.environment.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One request of the protocol, as {@link ProtocolHttp} sends it.
 *
 * @param label      how messages name it, e.g. {@code POST /v1/episodes/{id}/calls}
 * @param segments   the path below the base URL, one segment each (escaped when sent)
 * @param body       the JSON body; null for GET and DELETE
 * @param repeatable whether sending it twice does no harm (every request but a tool call):
 *                   repeatable requests are retried on timeouts and 5xx; a tool call only when it
 *                   never reached the server
 * @param onEpisode  whether a 404 means the episode is gone (redo the unit) rather than a wrong URL
 */
record Exchange(String method, String label, List<String> segments, ObjectNode body, boolean repeatable, boolean onEpisode) {

    static Exchange get(String label, List<String> segments, boolean onEpisode) {
        return new Exchange("GET", label, segments, null, true, onEpisode);
    }

    static Exchange post(String label, List<String> segments, ObjectNode body, boolean repeatable, boolean onEpisode) {
        return new Exchange("POST", label, segments, body, repeatable, onEpisode);
    }

    static Exchange delete(String label, List<String> segments) {
        return new Exchange("DELETE", label, segments, null, true, true);
    }
}
