package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.source.GitCredentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the preflight checks, read from the files of the command line.
 *
 * @param build             the DevContainerBuild, absent when its file does not fit the schema
 * @param buildFileProblems why the build file does not fit the schema (unknown field, wrong type), naming the field
 * @param policies          every DevContainerBuildPolicy of the policy files
 * @param namespaceLabels   the labels given for the build's namespace
 * @param gitCredentials    for a private repository
 * @param caBundlePem       the CA bundle trusted for git, as the policy's CA bundle would be
 */
public record PreflightInputs(Optional<DevContainerBuild> build, List<String> buildFileProblems,
        List<DevContainerBuildPolicy> policies, Map<String, String> namespaceLabels,
        Optional<GitCredentials> gitCredentials, Optional<String> caBundlePem) {

    public PreflightInputs {
        buildFileProblems = List.copyOf(buildFileProblems);
        policies = List.copyOf(policies);
        namespaceLabels = Map.copyOf(namespaceLabels);
    }

    @Override
    public String toString() {
        return "PreflightInputs[build=" + build.map(b -> b.getMetadata().getName()).orElse(null)
                + ", policies=" + policies.size() + ", namespaceLabels=" + namespaceLabels
                + ", gitCredentials=" + gitCredentials.isPresent() + ", caBundle=" + caBundlePem.isPresent() + "]";
    }
}
