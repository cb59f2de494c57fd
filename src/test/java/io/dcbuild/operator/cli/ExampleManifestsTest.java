package io.dcbuild.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files under examples/ read with the API classes, and what the preflight says of them. */
class ExampleManifestsTest {

    private static final Path POLICY = Path.of("examples/policy.yaml");
    private static final Path BUILD = Path.of("examples/devcontainerbuild.yaml");

    @Test
    void examplePolicyFillsEveryPartOfTheSpec() throws Exception {
        List<DevContainerBuildPolicy> policies = new ManifestFile().readAll(POLICY, DevContainerBuildPolicy.class);

        assertThat(policies).hasSize(1);
        DevContainerBuildPolicySpec spec = policies.get(0).getSpec();
        assertThat(spec.getNamespaceSelector().getMatchLabels()).containsEntry("dcbuild.io/tenant", "true");
        assertThat(spec.getProxy().getHttpsProxy()).isEqualTo("http://proxy.corp.example.com:3128");
        assertThat(spec.getCaBundle().getName()).isEqualTo("corp-ca-bundle");
        assertThat(spec.getRegistryCredentials().getSecretRef().getKind()).isEqualTo("Secret");
        assertThat(spec.getAllowedSources().getGitUrls()).isNotEmpty();
        assertThat(spec.getAllowedSources().getImages()).isNotEmpty();
        assertThat(spec.getAllowedSources().getFeatures()).isNotEmpty();
        assertThat(spec.getAllowedSources().getCacheRepos()).isNotEmpty();
        assertThat(spec.getBuilder().getImage()).matches(".+@sha256:[0-9a-f]{64}");
        assertThat(spec.getBuilder().getActiveDeadlineSeconds()).isEqualTo(5400L);
        assertThat(spec.getBuilder().getNodeSelector()).containsEntry("node-pool", "builders");
        assertThat(spec.getBuilder().getTolerations()).hasSize(1);
        assertThat(spec.getRetention().getEnabled()).isTrue();
    }

    /** The example build's git host is not pre-approved: refused before any connection is tried. */
    @Test
    void exampleBuildIsRefusedForItsGitHostWithoutContactingIt() {
        PreflightInvocation run = PreflightInvocation.of("--build", BUILD.toString(), "--policy", POLICY.toString(),
                "--namespace-labels", "dcbuild.io/tenant=true");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("- company-baseline (priority 10)")
                .contains("violation: git repository https://git.example.com/team-a/web-app.git is not allowed by "
                        + "policy company-baseline (allowedSources.gitUrls: https://git.corp.example.com/**, "
                        + "https://github.com/corp-org/*)")
                .contains("not read: the policies do not allow its git URL");
    }
}
