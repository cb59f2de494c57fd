package io.dcbuild.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.PolicyBuilderSpec;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;

class PolicySpecValidatorTest {

    private final PolicySpecValidator validator = new PolicySpecValidator(true);

    @Test
    void aValidPolicyHasNoProblems() {
        assertThat(validator.problems(valid())).isEmpty();
    }

    @Test
    void namesEachFieldThatIsWrong() {
        DevContainerBuildPolicySpec spec = valid();
        PolicyBuilderSpec builder = new PolicyBuilderSpec();
        builder.setImage("ghcr.io/coder/envbuilder:latest");
        spec.setBuilder(builder);
        RetentionSpec retention = new RetentionSpec();
        retention.setInterval("0m");
        spec.setRetention(retention);
        spec.setNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("team")
                .withOperator("Matches").endMatchExpression().build());

        assertThat(validator.problems(spec)).satisfiesExactly(
                p -> assertThat(p).contains("spec.namespaceSelector", "'Matches'"),
                p -> assertThat(p).contains("spec.builder.image", "envbuilder:latest", "pinned by digest"),
                p -> assertThat(p).contains("spec.retention.interval", "'0m'"));
    }

    @Test
    void proxyUrlsMustParseAndCarryNoCredentials() {
        for (String[] bad : new String[][] {{"http://proxy:3128 x", "not a valid URL"},
                {"proxy.example.com:3128", "must be an http(s) URL"}, {"http://bob:pw@proxy:3128", "credentials"},
                {"http://proxy:99999", "port 99999"}}) {
            DevContainerBuildPolicySpec spec = valid();
            ProxySpec proxy = new ProxySpec();
            proxy.setHttpsProxy(bad[0]);
            spec.setProxy(proxy);
            assertThat(validator.problems(spec)).as(bad[0]).singleElement().asString()
                    .contains("spec.proxy.httpsProxy", bad[1]).doesNotContain(":pw@");
        }
    }

    @Test
    void anUnpinnedBuilderImageIsAllowedWhenTheOperatorDoesNotRequireDigests() {
        DevContainerBuildPolicySpec spec = valid();
        PolicyBuilderSpec builder = new PolicyBuilderSpec();
        builder.setImage("ghcr.io/coder/envbuilder:latest");
        spec.setBuilder(builder);
        assertThat(new PolicySpecValidator(false).problems(spec)).isEmpty();
    }

    private static DevContainerBuildPolicySpec valid() {
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "a").build());
        return spec;
    }
}
