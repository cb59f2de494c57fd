package io.dcbuild.operator.builds;

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

    private final DerivedObjectWriter writer;

    public RegistryConfigSecret(KubernetesClient client) {
        this.writer = new DerivedObjectWriter(client);
    }

    public static String nameFor(DevContainerBuild build) {
        return BuildLabels.derivedName(build.getMetadata().getName(), "-registry-config");
    }

    /** Creates or updates the derived Secret; returns its name. */
    public String apply(DevContainerBuild build, String dockerConfigJson) throws BuildBlockedException {
        String value = Base64.getEncoder().encodeToString(dockerConfigJson.getBytes(StandardCharsets.UTF_8));
        String data = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        Secret desired = new SecretBuilder()
                .withMetadata(DerivedObjectWriter.metadata(build, nameFor(build)))
                .withType("Opaque")
                .withData(Map.of(KEY, data))
                .build();
        writer.apply(build, desired, (existing, wanted) -> Objects.equals(existing.getData(), wanted.getData()));
        return nameFor(build);
    }
}
