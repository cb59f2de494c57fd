package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.api.v1alpha1.RetentionStatus;
import io.dcbuild.operator.builds.PollInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a policy's cache retention runs: at once when it never ran, every {@code retention.interval} (default 24h)
 * after the last run started, and at once when the annotation {@code dcbuild.io/retention-run} gets a new value.
 */
final class RetentionSchedule {

    static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

    private final Duration interval;
    private final String request;

    private RetentionSchedule(Duration interval, String request) {
        this.interval = interval;
        this.request = request;
    }

    /** The schedule of a valid policy whose retention is enabled; empty when it is not. */
    static Optional<RetentionSchedule> of(DevContainerBuildPolicy policy) {
        RetentionSpec retention = policy.getSpec().getRetention();
        if (retention == null || !Boolean.TRUE.equals(retention.getEnabled())) {
            return Optional.empty();
        }
        Duration interval = retention.getInterval() == null ? DEFAULT_INTERVAL
                : PollInterval.parse(retention.getInterval());
        Map<String, String> annotations = policy.getMetadata().getAnnotations();
        String request = annotations == null ? null : annotations.get(DevContainerBuildPolicy.RETENTION_RUN_ANNOTATION);
        return Optional.of(new RetentionSchedule(interval, request));
    }

    /** The value of the run-request annotation, recorded with the run it asked for. */
    String request() {
        return request;
    }

    boolean due(RetentionStatus last, Instant now) {
        if (last == null || last.getLastRunStarted() == null) {
            return true;
        }
        if (request != null && !Objects.equals(request, last.getRunRequest())) {
            return true;
        }
        Duration left = untilNextRun(last, now);
        return left.isNegative() || left.isZero();
    }

    Duration untilNextRun(RetentionStatus last, Instant now) {
        if (last == null || last.getLastRunStarted() == null) {
            return Duration.ZERO;
        }
        return Duration.between(now, Instant.parse(last.getLastRunStarted()).plus(interval));
    }
}
