package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.ImageReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The fence of the sweep: asked right before each DELETE whether a build records the digest now. A build may record
 * a digest (a cache hit on an image that is already there) after the marks of a run were read; without this
 * question, the run would delete an image a build had just recorded.
 */
@FunctionalInterface
public interface RecordedNow {

    /** Never recorded meanwhile: for runs whose marks cannot change (tests, the benchmark). */
    RecordedNow NOTHING_NEW = (repository, digest) -> false;

    boolean isRecorded(ImageReference repository, String digest);

    /**
     * Asks fresh marks, read again when the last read is older than {@code maxAgeNanos} (on {@code nanoTime}): a
     * digest recorded before that is never deleted; one recorded during the last {@code maxAgeNanos} may be.
     */
    static RecordedNow readingAgain(Supplier<MarkSet> marks, long maxAgeNanos, LongSupplier nanoTime) {
        return new RecordedNow() {
            private MarkSet current;
            private long readAt;

            @Override
            public synchronized boolean isRecorded(ImageReference repository, String digest) {
                long now = nanoTime.getAsLong();
                if (current == null || now - readAt > maxAgeNanos) {
                    current = marks.get();
                    readAt = now;
                }
                return current.digests(repository).contains(digest);
            }
        };
    }
}
