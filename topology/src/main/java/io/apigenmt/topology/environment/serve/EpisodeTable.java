package io.apigenmt.topology.environment.serve;

import io.apigenmt.topology.environment.AsyncEpisode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open episodes of a served environment by id. An episode idle (no request) for longer than
 * the expiry is dropped by {@link #expire}; asking for it afterwards finds nothing (a 404).
 */
final class EpisodeTable {

    /** One open episode; its requests are served one at a time. */
    static final class Entry {
        final AsyncEpisode episode;
        private volatile long lastUsedNanos;

        Entry(AsyncEpisode episode, long now) {
            this.episode = episode;
            this.lastUsedNanos = now;
        }
    }

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final long idleNanos;

    EpisodeTable(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    String add(AsyncEpisode episode) {
        String id = UUID.randomUUID().toString();
        open.put(id, new Entry(episode, System.nanoTime()));
        return id;
    }

    /** The episode, marked as used now; empty when unknown or expired. */
    Optional<Entry> use(String id) {
        Entry entry = open.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        entry.lastUsedNanos = System.nanoTime();
        return Optional.of(entry);
    }

    boolean remove(String id) {
        Entry removed = open.remove(id);
        if (removed != null) {
            removed.episode.close();
        }
        return removed != null;
    }

    /** Drops every episode idle for longer than the expiry; returns how many. */
    int expire() {
        long now = System.nanoTime();
        int dropped = 0;
        for (Map.Entry<String, Entry> e : open.entrySet()) {
            if (now - e.getValue().lastUsedNanos > idleNanos && open.remove(e.getKey(), e.getValue())) {
                e.getValue().episode.close();
                dropped++;
            }
        }
        return dropped;
    }

    int size() {
        return open.size();
    }
}
