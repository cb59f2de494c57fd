package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads when the registry received the cache layers of an image (their config {@code created}). */
public interface CacheLayerAges {

    /** The layer pushed first, or a layer the registry no longer has (then {@code missing} is true). */
    record OldestLayer(String key, Optional<Instant> created, boolean missing) {
    }

    /**
     * @param keys the layers' tags in {@code cacheRepo}, at least one
     * @throws Exception when the registry cannot be asked (unreachable, credentials refused): tried again later
     */
    OldestLayer oldest(String cacheRepo, List<String> keys, BuildSecrets secrets, EgressSettings egress)
            throws Exception;
}
