package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a reconcile may start a new run: first sight, a new generation, a new rebuild request, a poll of the ref
 * that is due, or a push of the ref that the git push receiver was told of since the last check. Read before
 * anything in status changes.
 */
public record RunTrigger(boolean firstRun, boolean generationChanged, Optional<String> rebuildRequest,
        boolean runActive, boolean stalled, Optional<Instant> refCheckedAt, Optional<Instant> pushSeenAt,
        Instant now) {

    public static RunTrigger of(DevContainerBuild build, Clock clock, RefPolls polls, PushedRefs pushes) {
        DevContainerBuildStatus status = build.getStatus();
        Long generation = build.getMetadata().getGeneration();
        Map<String, String> annotations = build.getMetadata().getAnnotations();
        String request = annotations == null ? null : annotations.get(DevContainerBuild.REBUILD_ANNOTATION);
        Optional<String> newRequest = Optional.ofNullable(request)
                .filter(r -> !r.isBlank() && !Objects.equals(r, status.getRebuildRequest()));
        return new RunTrigger(
                status.getPhase() == null || status.getCacheKey() == null,
                !Objects.equals(generation, status.getObservedGeneration()),
                newRequest,
                isActive(status.getPhase()),
                status.getPhase() == BuildPhase.Stalled,
                polls.lastPoll(build),
                pushes.pendingPush(build, polls.lastPoll(build)),
                Instant.now(clock));
    }

    public static boolean isActive(BuildPhase phase) {
        return phase == BuildPhase.Probing || phase == BuildPhase.Building || phase == BuildPhase.Verifying;
    }

    /**
     * Whether the ref must be asked for now. A run under way is finished before the ref is polled again (a push
     * seen meanwhile is checked right after it); a stalled build is checked again on every event (a policy or a
     * Secret may have changed).
     */
    public boolean shouldResolveRef(Duration pollInterval) {
        return firstRun || generationChanged || rebuildRequest.isPresent() || stalled
                || (!runActive && (pollDue(pollInterval) || pushSeenAt.isPresent()));
    }

    /** Whether resolved inputs start a new run, given the cache key they yield. */
    public boolean startsRun(String newCacheKey, DevContainerBuildStatus status) {
        return firstRun || generationChanged || rebuildRequest.isPresent()
                || !Objects.equals(newCacheKey, status.getCacheKey())
                || status.getPhase() == BuildPhase.Stalled;
    }

    private boolean pollDue(Duration pollInterval) {
        return refCheckedAt.map(at -> !now.isBefore(at.plus(pollInterval))).orElse(true);
    }

    /** How long until the next poll of the ref is due. */
    public Duration untilNextPoll(Duration pollInterval, Instant checkedAt) {
        Duration left = Duration.between(now, checkedAt.plus(pollInterval));
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }
}
