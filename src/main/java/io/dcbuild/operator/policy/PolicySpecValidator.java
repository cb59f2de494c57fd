package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.builds.PollInterval;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a policy beyond what its CRD schema can say, one sentence each naming the field. An invalid
 * policy is reported on itself and holds the builds of every namespace it could govern (see
 * {@link PolicyDirectory#invalidCovering}): running them ungoverned would bypass the platform team.
 */
public final class PolicySpecValidator {

    private final boolean requirePinnedBuilder;

    /** @param requirePinnedBuilder whether builder images must be pinned by digest (dcbuild.builder.require-digest) */
    public PolicySpecValidator(boolean requirePinnedBuilder) {
        this.requirePinnedBuilder = requirePinnedBuilder;
    }

    public List<String> problems(DevContainerBuildPolicySpec spec) {
        if (spec == null) {
            return List.of("spec is missing");
        }
        List<String> problems = new ArrayList<>(LabelSelectorMatch.problems(spec.getNamespaceSelector()));
        String image = spec.getBuilder() == null ? null : spec.getBuilder().getImage();
        if (image != null && requirePinnedBuilder && !BuildSpecValidator.isPinned(image)) {
            problems.add("spec.builder.image '" + image + "' must be pinned by digest (image@sha256:<64 hex>)");
        }
        if (spec.getRetention() != null && spec.getRetention().getInterval() != null) {
            try {
                PollInterval.parse(spec.getRetention().getInterval());
            } catch (IllegalArgumentException e) {
                problems.add("spec.retention.interval: " + e.getMessage());
            }
        }
        return problems;
    }
}
