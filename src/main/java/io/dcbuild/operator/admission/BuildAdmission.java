package io.dcbuild.operator.admission;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.builds.BuildSpecVerdict;
import io.dcbuild.operator.policy.NamespacePolicies;
import io.dcbuild.operator.policy.PolicySpecValidator;
import java.util.function.Function;

/**
 * Judges a DevContainerBuild being created or its spec changed, with {@link BuildSpecVerdict}: the reconciler's own
 * judgement, so the message is the one the build's Stalled condition would carry, after its reason. An invalid spec
 * or an invalid governing policy is a 400, what a valid policy forbids a 403. Nothing is fetched (no git, no
 * registry): the preflight of images and Features stays in the reconciler.
 */
public final class BuildAdmission {

    private final BuildSpecValidator validator;
    private final PolicySpecValidator policyValidator;
    private final Function<String, NamespacePolicies> policiesOf;

    /** @param policiesOf the policies and labels of a namespace, from caches */
    public BuildAdmission(BuildSpecValidator validator, PolicySpecValidator policyValidator,
            Function<String, NamespacePolicies> policiesOf) {
        this.validator = validator;
        this.policyValidator = policyValidator;
        this.policiesOf = policiesOf;
    }

    public AdmissionAnswer judge(String namespace, DevContainerBuildSpec spec) {
        BuildSpecVerdict verdict = BuildSpecVerdict.of(spec, policiesOf.apply(namespace), validator, policyValidator);
        if (verdict.refusal().isEmpty()) {
            return AdmissionAnswer.allow();
        }
        BuildSpecVerdict.Refusal refusal = verdict.refusal().get();
        String message = refusal.reason() + ": " + refusal.message();
        return refusal.policyViolation() ? AdmissionAnswer.forbidden(message) : AdmissionAnswer.invalid(message);
    }
}
