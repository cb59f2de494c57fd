package io.dcbuild.operator.admission;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.policy.PolicySpecValidator;
import java.util.List;

/**
 * Judges a DevContainerBuildPolicy being created or its spec changed with {@link PolicySpecValidator}, the check
 * the reconcilers make: a selector that does not parse, a builder image not pinned, a proxy URL or a retention
 * interval that cannot be used. (Globs of allowed sources always parse: every character but {@code *} is literal.)
 */
public final class PolicyAdmission {

    private final PolicySpecValidator validator;

    public PolicyAdmission(PolicySpecValidator validator) {
        this.validator = validator;
    }

    public AdmissionAnswer judge(String name, DevContainerBuildPolicySpec spec) {
        List<String> problems = validator.problems(spec);
        return problems.isEmpty() ? AdmissionAnswer.allow() : AdmissionAnswer.invalid("PolicyInvalid: policy " + name
                + " is invalid: " + String.join("; ", problems));
    }
}
