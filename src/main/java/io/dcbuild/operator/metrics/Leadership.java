package io.dcbuild.operator.metrics;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this operator instance reconciles, as the gauge {@code dcbuild_leader} (1: it holds the Lease, or leader
 * election is off; 0: it waits). Summed over the operator's pods it is 1; 0 for minutes means nothing reconciles.
 * Gauges every instance reports from its warm caches (pods in flight) are the same on each: dashboards take their
 * {@code max}, not their sum.
 */
public class Leadership {

    private final AtomicBoolean leading = new AtomicBoolean();

    public Leadership(MeterRegistry registry) {
        Gauge.builder("dcbuild.leader", () -> leading.get() ? 1 : 0)
                .description("1 when this operator instance reconciles (holds the Lease), 0 while it waits")
                .register(registry);
    }

    /** Without leader election this instance reconciles from the start. */
    public void leadAlone() {
        leading.set(true);
    }

    /** What the leader election tells this instance. */
    public LeaderCallbacks callbacks() {
        return new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), newLeader -> { });
    }

    public boolean leading() {
        return leading.get();
    }
}
