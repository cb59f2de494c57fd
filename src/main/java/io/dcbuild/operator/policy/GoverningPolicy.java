package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import java.util.Optional;

/** What the strongest policy of a build's namespace decides for that build; {@link #none()} when none selects it. */
public record GoverningPolicy(Optional<String> name, Optional<Integer> retentionTtlDays,
        Optional<Integer> historyLimit) {

    public static GoverningPolicy none() {
        return new GoverningPolicy(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static GoverningPolicy of(DevContainerBuildPolicy policy) {
        RetentionSpec retention = policy.getSpec() == null ? null : policy.getSpec().getRetention();
        boolean retains = retention != null && Boolean.TRUE.equals(retention.getEnabled());
        return new GoverningPolicy(
                Optional.of(policy.getMetadata().getName()),
                retains ? Optional.of(retention.getTtlDays() == null ? 7 : retention.getTtlDays()) : Optional.empty(),
                Optional.ofNullable(retention == null ? null : retention.getHistoryLimit()));
    }

    /** Why the build breaks this policy, one sentence each; empty when it complies. */
    public java.util.List<String> violations(Integer buildTtlDays) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (buildTtlDays != null && retentionTtlDays.isPresent() && buildTtlDays > retentionTtlDays.get()) {
            problems.add("spec.cache.ttlDays " + buildTtlDays + " exceeds the " + retentionTtlDays.get()
                    + " days for which policy " + name.orElse("?") + " keeps cache layers");
        }
        return problems;
    }
}
