package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.source.PreflightReport;
import io.dcbuild.operator.source.ResolvedRef;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the preflight found, step by step; later steps are empty when an earlier one stopped it.
 *
 * @param build                namespace/name of the build, or empty when its file does not fit the schema
 * @param namespaceLabels      the labels the policies' namespaceSelectors were matched against
 * @param specProblems         why the spec is invalid, each naming the field
 * @param governing            the policies selecting the namespace, strongest first
 * @param notSelecting         the policies whose namespaceSelector does not select the namespace
 * @param complianceViolations the spec's settings a governing policy refuses
 * @param notes                what a person should know about how this run differs from the operator's
 * @param ref                  the ref as the git server resolved it
 * @param report               what the build would pull at the resolved commit
 * @param referenceViolations  the references a governing policy refuses, each naming the reference and the rule
 * @param builderPod           the builder pod the operator would create, when the build is allowed
 * @param failure              the step at which the preflight could not go on, and why
 * @param verdict              the conclusion
 */
public record PreflightResult(Optional<String> build, Map<String, String> namespaceLabels, List<String> specProblems,
        List<DevContainerBuildPolicy> governing, List<DevContainerBuildPolicy> notSelecting,
        List<String> complianceViolations, List<String> notes, Optional<ResolvedRef> ref,
        Optional<PreflightReport> report, List<String> referenceViolations, Optional<Pod> builderPod,
        Optional<PreflightFailure> failure, Verdict verdict) {

    public PreflightResult {
        namespaceLabels = Map.copyOf(namespaceLabels);
        specProblems = List.copyOf(specProblems);
        governing = List.copyOf(governing);
        notSelecting = List.copyOf(notSelecting);
        complianceViolations = List.copyOf(complianceViolations);
        notes = List.copyOf(notes);
        referenceViolations = List.copyOf(referenceViolations);
    }

    /** Every violation: the spec's first, then the references'. */
    public List<String> violations() {
        List<String> all = new ArrayList<>(complianceViolations);
        all.addAll(referenceViolations);
        return all;
    }
}
