package io.dcbuild.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.BuilderSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.PolicyBuilderSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyComplianceTest {

    private final EffectivePolicy policy = EffectivePolicy.of(List.of(policyLimiting(
            Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")))));

    @Test
    void aBuildsOwnResourcesWithinThePolicysLimitsComply() {
        assertThat(PolicyCompliance.violations(build(new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
                .withLimits(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4096Mi"))).build()), policy))
                .isEmpty();
    }

    @Test
    void aBuildsOwnResourcesBeyondOrWithoutThePolicysLimitsAreViolations() {
        List<String> violations = PolicyCompliance.violations(build(new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("3")))
                .withLimits(Map.of("cpu", new Quantity("4"))).build()), policy);

        assertThat(violations).satisfiesExactlyInAnyOrder(
                v -> assertThat(v).contains("limits.cpu 4", "cpu limit 2", "policy policy-limits"),
                v -> assertThat(v).contains("requests.cpu 3", "cpu limit 2"),
                v -> assertThat(v).contains("sets no memory limit", "4Gi"));
    }

    private static DevContainerBuildSpec build(ResourceRequirements resources) {
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl("https://git.example.com/app.git");
        spec.setSource(source);
        BuilderSpec builder = new BuilderSpec();
        builder.setResources(resources);
        spec.setBuilder(builder);
        return spec;
    }

    private static DevContainerBuildPolicy policyLimiting(Map<String, Quantity> limits) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("policy-limits");
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        PolicyBuilderSpec builder = new PolicyBuilderSpec();
        builder.setResources(new ResourceRequirementsBuilder().withLimits(limits).build());
        spec.setBuilder(builder);
        policy.setSpec(spec);
        return policy;
    }
}
