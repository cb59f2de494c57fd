package io.dcbuild.operator.build;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The Secret derived from a build's registry credentials: it holds the base64 of the docker config, which is what
 * {@code ENVBUILDER_DOCKER_CONFIG_BASE64} expects, so that pods take it by secretKeyRef and never as a literal.
 * Owned (controller) by the build.
 */
public class RegistryConfigSecret {

    public static final String KEY = "docker-config-base64";

    private final KubernetesClient client;

    public RegistryConfigSecret(KubernetesClient client) {
        this.client = client;
    }

    public static String nameFor(DevContainerBuild build) {
        return build.getMetadata().getName() + "-registry-config";
    }

    /** Creates or updates the derived Secret; returns its name. */
    public String apply(DevContainerBuild build, String dockerConfigJson) {
        String value = Base64.getEncoder().encodeToString(dockerConfigJson.getBytes(StandardCharsets.UTF_8));
        String data = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String namespace = build.getMetadata().getNamespace();
        String name = nameFor(build);
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing != null && existing.getData() != null && Objects.equals(existing.getData().get(KEY), data)) {
            return name;
        }
        Secret desired = new SecretBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .addToLabels(BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE)
                    .addToLabels(BuildLabels.BUILD, build.getMetadata().getName())
                    .addToOwnerReferences(OwnerReferences.controlledBy(build))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(KEY, data))
                .build();
        if (existing == null) {
            client.secrets().inNamespace(namespace).resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.secrets().inNamespace(namespace).resource(desired).update();
        }
        return name;
    }

    public void delete(DevContainerBuild build) {
        client.secrets().inNamespace(build.getMetadata().getNamespace()).withName(nameFor(build)).delete();
    }
}
