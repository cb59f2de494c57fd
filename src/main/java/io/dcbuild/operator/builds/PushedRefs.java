package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pushes the git push receiver was told of, as an event source of the build controller: a build that follows a
 * pushed repository and ref is marked "push seen at T" and reconciled at once, and its reconcile checks the ref
 * (with a resolution begun after T, never an answer shared from before) whatever its poll interval says. The ref
 * check and what follows are the normal path: a push event is a hint to look, never a commit to build.
 *
 * <p>In memory and bounded like {@link RefPolls}: after a restart a push seen before it is found by the next poll.
 */
public final class PushedRefs extends SimpleInboundEventSource<DevContainerBuild> {

    public static final String NAME = "git-pushes";
    static final int CAPACITY = 100_000;

    private final Map<String, Instant> pushSeenByUid = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > CAPACITY;
        }
    };
    private volatile IndexerResourceCache<DevContainerBuild> builds;

    public PushedRefs() {
        super(NAME);
    }

    /** The build controller's cache of builds: what deliveries are matched against (no list call per delivery). */
    void followFrom(IndexerResourceCache<DevContainerBuild> primaryCache) {
        this.builds = primaryCache;
    }

    /** The builds this controller serves, from its informer cache; empty until the controller has started. */
    public Optional<Stream<DevContainerBuild>> builds() {
        IndexerResourceCache<DevContainerBuild> cache = builds;
        return cache == null || !isRunning() ? Optional.empty() : Optional.of(cache.list());
    }

    /** A push of a ref {@code build} follows, seen at {@code at}: its ref is checked in a reconcile that starts now. */
    public void pushed(DevContainerBuild build, Instant at) {
        synchronized (pushSeenByUid) {
            pushSeenByUid.merge(build.getMetadata().getUid(), at, (old, now) -> now.isAfter(old) ? now : old);
        }
        propagateEvent(ResourceID.fromResource(build));
    }

    /** When a push was seen that no ref check of {@code build} has followed since {@code lastPoll}. */
    Optional<Instant> pendingPush(DevContainerBuild build, Optional<Instant> lastPoll) {
        Instant seen;
        synchronized (pushSeenByUid) {
            seen = pushSeenByUid.get(build.getMetadata().getUid());
        }
        return Optional.ofNullable(seen).filter(at -> lastPoll.map(at::isAfter).orElse(true));
    }
}
