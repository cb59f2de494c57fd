package io.dcbuild.operator.testing;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side builder of pods shaped like the ones the operator creates (labels, one {@code envbuilder} container,
 * {@code ENVBUILDER_*} environment), so the simulator can be exercised without the operator.
 */
final class EnvbuilderPodTemplate {

    private final String namespace;
    private final String name;
    private final PodRole role;
    private final List<EnvVar> env = new ArrayList<>();
    private String buildName = "sample";

    private EnvbuilderPodTemplate(String namespace, String name, PodRole role, String gitUrlWithRef,
            String cacheRepo) {
        this.namespace = namespace;
        this.name = name;
        this.role = role;
        literal("ENVBUILDER_GIT_URL", gitUrlWithRef);
        literal("ENVBUILDER_CACHE_REPO", cacheRepo);
        literal("ENVBUILDER_INSECURE", "true");
        literal("ENVBUILDER_REMOTE_REPO_BUILD_MODE", "true");
        literal("ENVBUILDER_CACHE_TTL_DAYS", "7");
        if (role == PodRole.BUILD) {
            literal("ENVBUILDER_PUSH_IMAGE", "true");
            literal("ENVBUILDER_EXIT_ON_BUILD_FAILURE", "true");
            literal("ENVBUILDER_EXIT_ON_PUSH_FAILURE", "true");
        } else {
            literal("ENVBUILDER_GET_CACHED_IMAGE", "true");
        }
    }

    static EnvbuilderPodTemplate of(String namespace, String name, PodRole role, String gitUrlWithRef,
            String cacheRepo) {
        return new EnvbuilderPodTemplate(namespace, name, role, gitUrlWithRef, cacheRepo);
    }

    /** Sets {@code variable} to {@code value}, replacing what the template set before. */
    EnvbuilderPodTemplate literal(String variable, String value) {
        env.removeIf(existing -> existing.getName().equals(variable));
        env.add(new EnvVarBuilder().withName(variable).withValue(value).build());
        return this;
    }

    EnvbuilderPodTemplate fromSecret(String variable, String secret, String key) {
        env.add(new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build());
        return this;
    }

    EnvbuilderPodTemplate buildName(String buildName) {
        this.buildName = buildName;
        return this;
    }

    Pod build() {
        return new PodBuilder()
                .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(name)
                    .addToLabels(EnvbuilderKubeletSimulator.MANAGED_BY_LABEL, EnvbuilderKubeletSimulator.MANAGED_BY)
                    .addToLabels(PodRole.LABEL, role.labelValue())
                    .addToLabels(EnvbuilderKubeletSimulator.BUILD_LABEL, buildName)
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withAutomountServiceAccountToken(false)
                    .addNewContainer()
                        .withName(PodLogPublisher.CONTAINER)
                        .withImage("ghcr.io/coder/envbuilder@sha256:" + "0".repeat(64))
                        .withEnv(env)
                    .endContainer()
                .endSpec()
                .build();
    }
}
