package io.dcbuild.operator.metrics;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;

/**
 * What builds do, as Prometheus metrics ({@code dcbuild_builds_*}, {@code dcbuild_ref_*},
 * {@code dcbuild_cache_refreshes_total}, {@code dcbuild_reconcile_errors_total}). Counted on a build's phase
 * transitions, so a build reconciled many times in one phase counts once. Tags are bounded: phases, reasons and
 * results, never names of builds or namespaces.
 */
public class BuildMetrics {

    private final MeterRegistry registry;

    public BuildMetrics(MeterRegistry registry) {
        this.registry = registry;
        // counters without tags exist from the start, at 0, so that rates over them are defined before the first event
        registry.counter("dcbuild.builds.started");
        registry.counter("dcbuild.ref.polls");
        registry.counter("dcbuild.ref.changes");
        for (String result : new String[] {"started", "refreshed", "failed"}) {
            registry.counter("dcbuild.cache.refreshes", Tags.of("result", result));
        }
    }

    /**
     * A build's phase went from {@code before} to {@code after} in one reconcile; {@code readyReason} is the reason
     * of its Ready condition after it (Built, CacheHit, BuildFailed, ...).
     */
    public void transition(BuildPhase before, BuildPhase after, String readyReason) {
        if (after == null || after == before) {
            return;
        }
        if (isActive(after) && !isActive(before)) {
            registry.counter("dcbuild.builds.started").increment();
        }
        if (after.isTerminal()) {
            String result = switch (after) {
                case Ready -> "CacheHit".equals(readyReason) ? "cache_hit" : "built";
                case Failed -> "failed";
                default -> "stalled";
            };
            registry.counter("dcbuild.builds.finished", Tags.of("result", result,
                    "reason", readyReason == null ? "" : readyReason)).increment();
        }
    }

    private static boolean isActive(BuildPhase phase) {
        return phase == BuildPhase.Probing || phase == BuildPhase.Building || phase == BuildPhase.Verifying;
    }

    /** The ref was asked for; {@code changed} when it named another commit (or settings) than recorded. */
    public void refPolled(boolean changed) {
        registry.counter("dcbuild.ref.polls").increment();
        if (changed) {
            registry.counter("dcbuild.ref.changes").increment();
        }
    }

    /** Keep-warm: a refresh run {@code result} ("started", "refreshed" or "failed"). */
    public void cacheRefresh(String result) {
        registry.counter("dcbuild.cache.refreshes", Tags.of("result", result)).increment();
    }

    /** A reconcile of {@code controller} ended in an exception, classified by {@code reason}. */
    public void reconcileError(String controller, String reason) {
        registry.counter("dcbuild.reconcile.errors", Tags.of("controller", controller.toLowerCase(Locale.ROOT),
                "reason", reason)).increment();
    }
}
