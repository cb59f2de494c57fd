package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.SourceReference;
import io.dcbuild.operator.source.ImageRequirement;
import io.dcbuild.operator.source.PreflightReport;
import java.util.ArrayList;
import java.util.List;

/** Checks every reference the preflight found against the allow-lists of a build's policies. */
public final class PreflightCheck {

    private PreflightCheck() {
    }

    /** Each violation names the reference, where it was found and the rule it breaks. */
    public static List<String> violations(PreflightReport report, EffectivePolicy policy) {
        List<String> problems = new ArrayList<>();
        for (ImageRequirement requirement : report.requirements()) {
            if (!requirement.kind().pullsFromRegistry()) {
                continue;
            }
            String where = " (" + requirement.source() + ")";
            boolean feature = requirement.kind() == ImageRequirement.Kind.FEATURE;
            List<AllowList> lists = feature ? policy.features() : policy.images();
            if (lists.isEmpty()) {
                continue;
            }
            if (requirement.resolution() != ImageRequirement.Resolution.RESOLVED || requirement.image().isEmpty()) {
                problems.add(requirement.kind() + " " + requirement.reference() + where
                        + " cannot be checked against the policy: "
                        + requirement.problem().orElse("it could not be resolved"));
                continue;
            }
            String repository = requirement.image().get().repositoryOnly().name();
            for (String refusal : EffectivePolicy.refusals(lists, repository)) {
                problems.add(requirement.kind() + " " + requirement.reference() + where + " is " + refusal);
            }
        }
        return problems;
    }

    /** The references for status, so that a platform team sees what a build pulls. */
    public static List<SourceReference> references(PreflightReport report) {
        return report.requirements().stream()
                .map(r -> new SourceReference(r.kind().name(), r.reference(), r.source().toString()))
                .toList();
    }
}
