package io.dcbuild.operator.gitevents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids seen lately, in memory, so that a delivery sent again (a git host's redelivery, a replayed
 * request) is answered 409 and changes nothing. Bounded in count and in time: an id is remembered for {@code window}
 * and at most {@code capacity} ids are kept (the oldest go first). A restart forgets them, and so does a hand-over to
 * another operator pod: what a replay can then do is one more ref check of the builds that follow the repository.
 */
public final class DeliveryIds {

    private final int capacity;
    private final Duration window;
    private final Clock clock;
    /** In the order first seen: the eldest entry is the oldest. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public DeliveryIds(int capacity, Duration window, Clock clock) {
        this.capacity = capacity;
        this.window = window;
        this.clock = clock;
    }

    /** Remembers {@code id} of {@code host}; false when it was seen within the window (a replay). */
    public synchronized boolean firstSeen(GitHost host, String id) {
        Instant now = clock.instant();
        forgetOlderThan(now.minus(window));
        String key = host.path() + "/" + id;
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        if (seen.size() > capacity) {
            Iterator<String> eldest = seen.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }

    /** Forgets {@code id} of {@code host}: a delivery that was not acted on (503) may be delivered again. */
    public synchronized void forget(GitHost host, String id) {
        seen.remove(host.path() + "/" + id);
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return seen.size();
    }

    private void forgetOlderThan(Instant limit) {
        Iterator<Map.Entry<String, Instant>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue().isBefore(limit)) {
            oldest.remove();
        }
    }
}
