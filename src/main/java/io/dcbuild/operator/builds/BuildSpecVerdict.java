package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.policy.NamespacePolicies;
import io.dcbuild.operator.policy.PolicyCompliance;
import io.dcbuild.operator.policy.PolicySpecValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a build's spec and the policies of its namespace say before anything is fetched: the one judgement the
 * reconciler records as the build's condition and the admission webhook answers with (the same reason, the same
 * message). In order: the spec's own problems ({@code InvalidSpec}), an invalid policy that could govern the
 * namespace ({@code PolicyInvalid}), no cache repository at all ({@code InvalidSpec}), what the effective policy
 * forbids ({@code PolicyViolation}).
 *
 * @param policy  what the namespace's policies decide together; empty when the spec or a policy was refused first
 * @param refusal why the build may not run; empty when nothing refuses it
 */
public record BuildSpecVerdict(Optional<EffectivePolicy> policy, Optional<Refusal> refusal) {

    /** The reason of the condition (and of a refused admission) when the build breaks its policies. */
    public static final String POLICY_VIOLATION = "PolicyViolation";

    /** Why a build is refused: the Stalled condition's reason and message. */
    public record Refusal(String reason, String message) {

        /** Whether a policy forbids what the spec asks (rather than the spec or a policy being invalid). */
        public boolean policyViolation() {
            return POLICY_VIOLATION.equals(reason);
        }
    }

    /** Judges {@code spec} with the policies and namespace labels of {@code policies}. */
    public static BuildSpecVerdict of(DevContainerBuildSpec spec, NamespacePolicies policies,
            BuildSpecValidator validator, PolicySpecValidator policyValidator) {
        List<String> problems = validator.validate(spec);
        if (!problems.isEmpty()) {
            return refused(Optional.empty(), "InvalidSpec", String.join("; ", problems));
        }
        Map<String, List<String>> invalidPolicies = policies.invalidCovering(policyValidator);
        if (!invalidPolicies.isEmpty()) {
            return refused(Optional.empty(), "PolicyInvalid", invalidPolicies.entrySet().stream()
                    .map(p -> "policy " + p.getKey() + " could govern this namespace and is invalid: "
                            + String.join("; ", p.getValue()))
                    .collect(Collectors.joining("; ")) + "; the builds here are held until it is fixed (running "
                    + "them without it would bypass it)");
        }
        EffectivePolicy policy = policies.effective();
        boolean noCacheRepo = (spec.getCache() == null || spec.getCache().getRepo() == null
                || spec.getCache().getRepo().isBlank()) && policy.defaultCacheRepo().isEmpty();
        if (noCacheRepo) {
            return refused(Optional.of(policy), "InvalidSpec", "spec.cache.repo is required: the registry "
                    + "repository that holds the layer cache (no policy of this namespace sets defaults.cacheRepo)");
        }
        List<String> violations = PolicyCompliance.violations(spec, policy);
        if (!violations.isEmpty()) {
            return refused(Optional.of(policy), POLICY_VIOLATION, String.join("; ", violations));
        }
        return new BuildSpecVerdict(Optional.of(policy), Optional.empty());
    }

    private static BuildSpecVerdict refused(Optional<EffectivePolicy> policy, String reason, String message) {
        return new BuildSpecVerdict(policy, Optional.of(new Refusal(reason, message)));
    }
}
