package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The build's CA bundle (its policy's, or with the OpenShift cluster proxy the cluster's trusted bundle) copied into
 * the build's namespace (pods can only use objects of their own namespace):
 * the PEM file mounted for SSL_CERT_FILE, and its base64 for ENVBUILDER_SSL_CERT_BASE64. Owned by the build.
 */
public class CaBundleConfigMap {

    public static final String PEM_KEY = "ca.crt";
    public static final String BASE64_KEY = "ca.crt.base64";
    public static final String MOUNT_DIRECTORY = "/var/run/dcbuild/ca";

    private final DerivedObjectWriter writer;

    public CaBundleConfigMap(KubernetesClient client) {
        this.writer = new DerivedObjectWriter(client);
    }

    public static String nameFor(DevContainerBuild build) {
        return BuildLabels.derivedName(build.getMetadata().getName(), "-ca-bundle");
    }

    public String apply(DevContainerBuild build, String pem) throws BuildBlockedException {
        ConfigMap desired = new ConfigMapBuilder()
                .withMetadata(DerivedObjectWriter.metadata(build, nameFor(build)))
                .withData(Map.of(PEM_KEY, pem,
                        BASE64_KEY, Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8))))
                .build();
        writer.apply(build, desired, (existing, wanted) -> Objects.equals(existing.getData(), wanted.getData()));
        return nameFor(build);
    }
}
