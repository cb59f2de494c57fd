package io.dcbuild.operator.metrics;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.RunPhase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What runs do, as Prometheus metrics: cache lookups by result ({@code dcbuild_cache_lookups_total}, the hit ratio's
 * parts), pod and run durations as histograms ({@code dcbuild_pod_duration_seconds}, {@code
 * dcbuild_run_duration_seconds}), and gauges read from the operator's cache of runs at each scrape: pods in flight by
 * role and the age of the oldest run in progress (a stuck build shows there).
 */
public class RunMetrics {

    private static final Duration[] SLOS = {Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final Clock clock;

    public RunMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Registers the gauges over {@code runs}, the runs the operator's cache holds at the moment of a scrape. Called
     * once the controller's cache exists; a second call replaces nothing (Micrometer keeps the first gauge).
     */
    public void observe(Supplier<Stream<DevContainerBuildRun>> runs) {
        for (RunPhase phase : new RunPhase[] {RunPhase.Probing, RunPhase.Building, RunPhase.Verifying}) {
            Gauge.builder("dcbuild.pods.in.flight", () -> runs.get().filter(run -> phaseOf(run) == phase
                            && run.getStatus().getPod() != null).count())
                    .tags(Tags.of("role", roleOf(phase))).description("Probe, builder and verify pods under way")
                    .register(registry);
        }
        Gauge.builder("dcbuild.run.oldest.in.progress", () -> runs.get()
                        .filter(run -> phaseOf(run) != null && !phaseOf(run).isFinished()
                                && run.getStatus().getStartedAt() != null)
                        .map(run -> Instant.parse(run.getStatus().getStartedAt()))
                        .min(Instant::compareTo)
                        .map(oldest -> Duration.between(oldest, Instant.now(clock)).toSeconds())
                        .orElse(0L))
                .baseUnit("seconds").description("Age of the oldest run not finished (0 when none)")
                .register(registry);
    }

    /** A probe answered: an image in the cache ({@code hit}) or not. */
    public void cacheLookup(boolean hit) {
        registry.counter("dcbuild.cache.lookups", Tags.of("result", hit ? "hit" : "miss")).increment();
    }

    /** A pod of {@code role} ran from {@code started} to {@code finished}, ending {@code succeeded} or not. */
    public void podFinished(String role, Instant started, Instant finished, boolean succeeded) {
        if (started != null && finished != null && !finished.isBefore(started)) {
            timer("dcbuild.pod.duration", Tags.of("role", role.toLowerCase(Locale.ROOT),
                    "outcome", succeeded ? "succeeded" : "failed")).record(Duration.between(started, finished));
        }
    }

    /** A run ended ({@code Succeeded} with or without a cache hit, or {@code Failed}) after it started. */
    public void runFinished(RunPhase phase, boolean cacheHit, Instant started) {
        String result = phase == RunPhase.Failed ? "failed" : cacheHit ? "cache_hit" : "built";
        timer("dcbuild.run.duration", Tags.of("result", result)).record(Duration.between(started, Instant.now(clock)));
    }

    private Timer timer(String name, Tags tags) {
        return Timer.builder(name).tags(tags).serviceLevelObjectives(SLOS).register(registry);
    }

    private static RunPhase phaseOf(DevContainerBuildRun run) {
        return run.getStatus() == null ? null : run.getStatus().getPhase();
    }

    private static String roleOf(RunPhase phase) {
        return switch (phase) {
            case Probing -> "probe";
            case Building -> "build";
            default -> "verify";
        };
    }
}
