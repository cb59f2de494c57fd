package io.dcbuild.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input files that cannot be used are usage errors (exit 2) told in one sentence, before any network access. */
class PreflightInputFilesTest {

    @TempDir
    Path dir;

    private Path build() {
        return PreflightManifests.write(dir, "build.yaml", PreflightManifests.build("http://127.0.0.1:1/git/a.git"));
    }

    private Path policies() {
        return PreflightManifests.write(dir, "policies.yaml", PreflightManifests.policies());
    }

    private static void assertUsageError(PreflightInvocation run, String message) {
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("preflight: " + message + "\n");
    }

    @Test
    void missingBuildFile() {
        Path missing = dir.resolve("nope.yaml");
        assertUsageError(PreflightInvocation.of("--build", missing.toString(), "--policy", policies().toString()),
                "cannot read " + missing + ": no such file");
    }

    @Test
    void policyFileHoldingAnotherKind() {
        Path configMap = PreflightManifests.write(dir, "cm.yaml", PreflightManifests.policies() + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: corp-ca-bundle
                """);
        assertUsageError(PreflightInvocation.of("--build", build().toString(), "--policy", configMap.toString()),
                configMap + " holds a ConfigMap named corp-ca-bundle of apiVersion v1, not a "
                        + "DevContainerBuildPolicy of apiVersion dcbuild.io/v1alpha1");
    }

    @Test
    void buildFileWithTwoBuilds() {
        String one = PreflightManifests.build("http://127.0.0.1:1/git/a.git");
        Path two = PreflightManifests.write(dir, "two.yaml", one + "---\n" + one.replace("web-app", "other"));
        assertUsageError(PreflightInvocation.of("--build", two.toString(), "--policy", policies().toString()),
                two + " holds 2 DevContainerBuild documents; give one");
    }

    @Test
    void fileThatIsNotYaml() {
        Path broken = PreflightManifests.write(dir, "broken.yaml", "spec: [unclosed\n");
        PreflightInvocation run = PreflightInvocation.of("--build", build().toString(), "--policy", broken.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("preflight: " + broken + " is not valid YAML").hasLineCount(1);
    }

    @Test
    void policyGivenTwice() {
        Path policies = policies();
        Path again = PreflightManifests.write(dir, "again.yaml", PreflightManifests.policies());
        assertUsageError(PreflightInvocation.of("--build", build().toString(), "--policy", policies.toString(),
                "--policy", again.toString()), "the DevContainerBuildPolicy company-baseline is given twice ("
                        + policies + " and " + again + "); policy names are unique in a cluster");
    }

    @Test
    void policyWithoutName() {
        Path nameless = PreflightManifests.write(dir, "nameless.yaml", PreflightManifests.policies()
                .replace("  name: other-tenants\n", "  labels: {a: b}\n"));
        assertUsageError(PreflightInvocation.of("--build", build().toString(), "--policy", nameless.toString()),
                nameless + " holds a DevContainerBuildPolicy without metadata.name");
    }

    @Test
    void caFileWithoutCertificate() {
        Path notPem = PreflightManifests.write(dir, "ca.pem", "not a certificate\n");
        assertUsageError(PreflightInvocation.of("--build", build().toString(), "--policy", policies().toString(),
                "--ca-file", notPem.toString()), "the --ca-file " + notPem + " holds no usable PEM certificate");
    }

    @Test
    void emptyPasswordFile() {
        Path empty = PreflightManifests.write(dir, "token", "\n");
        assertUsageError(PreflightInvocation.of("--build", build().toString(), "--policy", policies().toString(),
                "--git-password-file", empty.toString()), "the --git-password-file " + empty + " is empty");
    }

    @Test
    void unknownSelectorOperatorInAPolicyStopsTheRunWithExitTwo() {
        Path odd = PreflightManifests.write(dir, "odd.yaml", PreflightManifests.policies().replace("""
                    matchLabels:
                      tenant: other
                """, """
                    matchExpressions:
                      - {key: tenant, operator: Equals, values: [other]}
                """));
        PreflightInvocation run = PreflightInvocation.of("--build", build().toString(), "--policy", odd.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stdout()).contains("failed: the policies cannot be evaluated: policy ")
                .contains("the unknown operator 'Equals'").doesNotContain("[3/6]");
        assertThat(run.stderr()).hasLineCount(1);
    }

    @Test
    void anUnpinnedBuilderImageInAGoverningPolicyStopsTheRunAsTheOperatorHoldsTheBuild() throws Exception {
        Path unpinned = PreflightManifests.write(dir, "unpinned.yaml", PreflightManifests.policies().replace(
                "  builder:\n    activeDeadlineSeconds: 5400\n",
                "  builder:\n    image: ghcr.io/coder/envbuilder:latest\n    activeDeadlineSeconds: 5400\n"));
        assertThat(Files.readString(unpinned)).contains("envbuilder:latest");
        PreflightInvocation run = PreflightInvocation.of("--build", build().toString(), "--policy",
                unpinned.toString(), "--namespace-labels", "dcbuild.io/tenant=true,team=a");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stdout()).contains("could govern this namespace and is invalid")
                .contains("spec.builder.image 'ghcr.io/coder/envbuilder:latest' must be pinned by digest");
    }
}
