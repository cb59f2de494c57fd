package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.builds.BuildRun;
import io.dcbuild.operator.builds.BuildSettings;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.builds.BuilderPodFactory;
import io.dcbuild.operator.builds.CacheKey;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.policy.LabelSelectorMatch;
import io.dcbuild.operator.policy.PolicyCompliance;
import io.dcbuild.operator.policy.PolicyRanking;
import io.dcbuild.operator.policy.PolicySpecValidator;
import io.dcbuild.operator.policy.PreflightCheck;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.source.DevcontainerContentException;
import io.dcbuild.operator.source.GitAccess;
import io.dcbuild.operator.source.GitRefResolver;
import io.dcbuild.operator.source.GitSourceException;
import io.dcbuild.operator.source.PreflightReader;
import io.dcbuild.operator.source.PreflightReport;
import io.dcbuild.operator.source.ResolvedRef;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's checks for one build, in the operator's order, without a cluster: spec validation, the policies
 * selecting the namespace, compliance of the spec, ref resolution, the preflight read of the repository and its
 * check, and the builder pod that would be created. The same classes as the operator do each step.
 */
public final class PreflightRun {

    /** The label Kubernetes puts on every namespace; namespaceSelectors often match it. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String DEFAULT_NAMESPACE = "default";

    private final OperatorConfig config;
    private final PolicySpecValidator policyValidator;
    private final BuildSpecValidator validator;
    private final GitRefResolver refResolver;
    private final PreflightReader reader;
    private final BuilderPodFactory podFactory;

    public PreflightRun(OperatorConfig config) {
        this.config = config;
        this.validator = new BuildSpecValidator(config.builder().requireDigest());
        this.policyValidator = new PolicySpecValidator(config.builder().requireDigest());
        this.refResolver = new GitRefResolver(config.git().timeoutSeconds());
        this.reader = new PreflightReader(config.git().timeoutSeconds(), config.git().preflightMemoryBytes());
        this.podFactory = new BuilderPodFactory(
                new PlainHttpRegistries(config.registry().plainHttpHosts().orElse(List.of())));
    }

    public PreflightResult run(PreflightInputs inputs) {
        Findings findings = new Findings();
        findings.specProblems.addAll(inputs.buildFileProblems());
        if (inputs.build().isEmpty()) {
            return findings.result(Verdict.INVALID);
        }
        DevContainerBuild build = inputs.build().get();
        if (build.getMetadata() == null || blank(build.getMetadata().getName())) {
            findings.specProblems.add("metadata.name is required: the builder pod and derived objects are named "
                    + "after it");
            return findings.result(Verdict.INVALID);
        }
        if (blank(build.getMetadata().getNamespace())) {
            build.getMetadata().setNamespace(DEFAULT_NAMESPACE);
            findings.notes.add("the build names no metadata.namespace: checked as namespace " + DEFAULT_NAMESPACE
                    + ", as kubectl would apply it");
        }
        String namespace = build.getMetadata().getNamespace();
        findings.build = Optional.of(namespace + "/" + build.getMetadata().getName());
        findings.namespaceLabels.putAll(inputs.namespaceLabels());
        findings.namespaceLabels.putIfAbsent(NAMESPACE_NAME_LABEL, namespace);

        findings.specProblems.addAll(validator.validate(build.getSpec()));
        if (!findings.specProblems.isEmpty()) {
            return findings.result(Verdict.INVALID);
        }
        DevContainerBuildSpec spec = build.getSpec();
        EffectivePolicy policy;
        try {
            // as the operator does: an invalid policy that could govern the namespace holds the build
            for (DevContainerBuildPolicy candidate : inputs.policies()) {
                if (candidate.getSpec() == null || !LabelSelectorMatch.couldMatch(
                        candidate.getSpec().getNamespaceSelector(), findings.namespaceLabels)) {
                    continue;
                }
                List<String> problems = policyValidator.problems(candidate.getSpec());
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException("policy " + candidate.getMetadata().getName() + " could "
                            + "govern this namespace and is invalid (the operator holds the build until it is "
                            + "fixed): " + String.join("; ", problems));
                }
            }
            findings.governing.addAll(PolicyRanking.applicable(inputs.policies(), findings.namespaceLabels));
            policy = EffectivePolicy.of(findings.governing);
        } catch (IllegalArgumentException e) {
            findings.failure = Optional.of(new PreflightFailure(PreflightStep.POLICIES,
                    "the policies cannot be evaluated: " + e.getMessage()));
            return findings.result(Verdict.UNDETERMINED);
        }
        inputs.policies().stream().filter(p -> !findings.governing.contains(p)).forEach(findings.notSelecting::add);
        findings.complianceViolations.addAll(PolicyCompliance.violations(spec, policy));
        BuildSettings settings = BuildSettings.of(spec, config, policy);
        findings.notes.addAll(PreflightNotes.about(spec, findings.governing, policy, inputs));

        if (!EffectivePolicy.refusals(policy.gitUrls(), settings.gitUrl()).isEmpty()) {
            return findings.result(Verdict.REFUSED);
        }
        GitAccess access = new GitAccess(inputs.gitCredentials(),
                EgressSettings.of(policy.proxy(), inputs.caBundlePem()));
        ResolvedRef ref;
        PreflightReport report;
        try {
            ref = refResolver.resolve(settings.gitUrl(), settings.ref(), access);
        } catch (GitSourceException e) {
            findings.failure = Optional.of(new PreflightFailure(PreflightStep.REPOSITORY, e.getMessage()));
            return findings.result(Verdict.UNDETERMINED);
        }
        findings.ref = Optional.of(ref);
        try {
            report = reader.read(settings.gitUrl(), ref, settings.devcontainerDir(), settings.dockerfilePath(),
                    access);
        } catch (GitSourceException e) {
            findings.failure = Optional.of(new PreflightFailure(PreflightStep.REFERENCES, e.getMessage()));
            return findings.result(Verdict.UNDETERMINED);
        } catch (DevcontainerContentException e) {
            findings.failure = Optional.of(new PreflightFailure(PreflightStep.REFERENCES,
                    "the dev container definition cannot be read: " + e.getMessage()));
            return findings.result(Verdict.INVALID);
        }
        findings.report = Optional.of(report);
        findings.referenceViolations.addAll(PreflightCheck.violations(report, policy));
        if (report.unsupported().isPresent()) {
            return findings.result(Verdict.UNSUPPORTED);
        }
        if (!findings.complianceViolations.isEmpty() || !findings.referenceViolations.isEmpty()) {
            return findings.result(Verdict.REFUSED);
        }
        BuildRun run = new BuildRun(CacheKey.of(ref.commit(), settings), ref.commit(), ref.fullName());
        findings.builderPod = Optional.of(podFactory.preview(build, settings, run, PodRole.BUILD,
                ExpectedDerivedObjects.of(build, settings)));
        return findings.result(Verdict.ALLOWED);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** What the steps found so far. */
    private static final class Findings {
        Optional<String> build = Optional.empty();
        final Map<String, String> namespaceLabels = new LinkedHashMap<>();
        final List<String> specProblems = new ArrayList<>();
        final List<DevContainerBuildPolicy> governing = new ArrayList<>();
        final List<DevContainerBuildPolicy> notSelecting = new ArrayList<>();
        final List<String> complianceViolations = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        Optional<ResolvedRef> ref = Optional.empty();
        Optional<PreflightReport> report = Optional.empty();
        final List<String> referenceViolations = new ArrayList<>();
        Optional<Pod> builderPod = Optional.empty();
        Optional<PreflightFailure> failure = Optional.empty();

        PreflightResult result(Verdict verdict) {
            return new PreflightResult(build, namespaceLabels, specProblems, governing, notSelecting,
                    complianceViolations, notes, ref, report, referenceViolations, builderPod, failure, verdict);
        }
    }
}
