package io.dcbuild.operator.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Ref resolutions shared by builds asking for the same ref of the same repository with the same access within a
 * short window: one ls-remote answers them all, and callers that arrive while it runs wait for it instead of asking
 * again. A burst (a thousand builds of a few repositories waiting when the operator starts, a policy change
 * re-evaluating every build) costs one request per repository and ref, not one per build. The window is far shorter
 * than any poll interval, so no poll sees an older answer than it would have. Failures are not kept.
 */
public class SharedRefResolutions {

    /** How long an answer is shared. */
    static final Duration WINDOW = Duration.ofSeconds(2);
    /** Expired answers are swept once the map holds this many. */
    private static final int SWEEP_AT = 1_000;

    private final GitRefResolver resolver;
    private final Clock clock;
    private final Map<Key, Resolution> recent = new ConcurrentHashMap<>();

    public SharedRefResolutions(GitRefResolver resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    private record Key(String url, String ref, GitAccess access) {
    }

    private record Resolution(Instant startedAt, CompletableFuture<ResolvedRef> result) {

        boolean sharedAt(Instant now) {
            return now.isBefore(startedAt.plus(WINDOW));
        }
    }

    public ResolvedRef resolve(String url, String ref, GitAccess access) throws GitSourceException {
        return resolve(new Key(url, ref, access), resolution -> true);
    }

    private ResolvedRef resolve(Key key, Predicate<Resolution> lateEnough) throws GitSourceException {
        Instant now = clock.instant();
        Resolution mine = new Resolution(now, new CompletableFuture<>());
        Resolution shared = recent.compute(key, (k, old) -> old != null && old.sharedAt(now) && lateEnough.test(old)
                ? old : mine);
        if (shared == mine) {
            sweep(now);
            try {
                mine.result().complete(resolver.resolve(key.url(), key.ref(), key.access()));
            } catch (GitSourceException | RuntimeException e) {
                recent.remove(key, mine);
                mine.result().completeExceptionally(e);
            }
        }
        try {
            return shared.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof GitSourceException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * The ref as listed by a request that began at or after {@code notBefore}: for checks that must see the ref as it
     * was after some event (a run's pods have all cloned it). Shared like {@link #resolve} with a request under way
     * or just answered, but only one that began late enough; else asked now (and shared from then on).
     */
    public ResolvedRef resolveSince(String url, String ref, GitAccess access, Instant notBefore)
            throws GitSourceException {
        return resolve(new Key(url, ref, access), resolution -> !resolution.startedAt().isBefore(notBefore));
    }

    private void sweep(Instant now) {
        if (recent.size() >= SWEEP_AT) {
            recent.values().removeIf(resolution -> !resolution.sharedAt(now) && resolution.result().isDone());
        }
    }
}
