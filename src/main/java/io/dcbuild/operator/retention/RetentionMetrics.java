package io.dcbuild.operator.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Retention figures as Prometheus metrics (dcbuild_retention_*), tagged by policy and repository. */
public class RetentionMetrics {

    private final MeterRegistry registry;

    public RetentionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A run that the policy's own CA bundle or registry credentials kept from starting: a failed run. */
    public void blocked(String policy, boolean dryRun) {
        registry.counter("dcbuild.retention.runs", Tags.of("policy", policy, "dry_run", Boolean.toString(dryRun),
                "outcome", "error")).increment();
    }

    public void record(String policy, RetentionReport report) {
        registry.counter("dcbuild.retention.runs", Tags.of("policy", policy, "dry_run",
                Boolean.toString(report.dryRun()), "outcome", report.hasErrors() ? "error" : "ok")).increment();
        registry.timer("dcbuild.retention.duration", Tags.of("policy", policy)).record(report.duration());
        for (RepositoryReport repository : report.repositories()) {
            Tags tags = Tags.of("policy", policy, "repository", repository.repository());
            registry.counter("dcbuild.retention.tags.scanned", tags).increment(repository.tagsScanned());
            if (!report.dryRun()) {
                registry.counter("dcbuild.retention.manifests.deleted", tags)
                        .increment(repository.deletedDigests().size());
            }
            registry.counter("dcbuild.retention.errors", tags).increment(repository.errors().size());
            registry.counter("dcbuild.retention.requests", tags).increment(repository.requests());
        }
    }
}
