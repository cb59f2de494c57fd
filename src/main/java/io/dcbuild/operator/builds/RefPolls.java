package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When this operator last polled each build's ref, in memory: a poll that finds the commit already recorded writes
 * nothing to the build, so its time is kept here instead of in {@code status.refCheckedAt} (which records the last
 * poll that changed something). After a restart each build is polled once more, which is harmless. Bounded: the
 * least recently polled entries go first (those of deleted builds among them).
 */
public final class RefPolls {

    static final int CAPACITY = 100_000;

    private final Map<String, Instant> lastPollByUid = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > CAPACITY;
        }
    };

    /** A poll of {@code build}'s ref at {@code at} that changed nothing. */
    public synchronized void polled(DevContainerBuild build, Instant at) {
        lastPollByUid.put(build.getMetadata().getUid(), at);
    }

    /** The later of the poll recorded in {@code status.refCheckedAt} and the one remembered here. */
    public synchronized Optional<Instant> lastPoll(DevContainerBuild build) {
        Optional<Instant> recorded = Optional.ofNullable(build.getStatus().getRefCheckedAt()).map(Instant::parse);
        Instant remembered = lastPollByUid.get(build.getMetadata().getUid());
        if (remembered == null) {
            return recorded;
        }
        return Optional.of(recorded.filter(at -> at.isAfter(remembered)).orElse(remembered));
    }
}
