package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.PolicyRegistryCredentials;
import io.dcbuild.operator.builds.BuildBlockedException;
import io.dcbuild.operator.egress.TrustedCertificates;
import io.dcbuild.operator.registry.DockerConfigJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reads the CA bundle and registry credentials a policy names, from their namespaces. */
public class PolicyMaterialReader {

    static final String DEFAULT_CA_KEY = "ca.crt";
    static final String DEFAULT_DOCKER_CONFIG_KEY = ".dockerconfigjson";

    private final KubernetesClient client;

    public PolicyMaterialReader(KubernetesClient client) {
        this.client = client;
    }

    public PolicyMaterial read(EffectivePolicy policy) throws BuildBlockedException {
        Optional<String> ca = Optional.empty();
        if (policy.caBundle().isPresent()) {
            NamespacedKeyReference ref = policy.caBundle().get();
            String pem = value(ref, DEFAULT_CA_KEY, "caBundle", policy);
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new BuildBlockedException("PolicyCaBundleInvalid", "the CA bundle " + describe(ref)
                        + " of policy " + policy.governing().orElse("?") + " holds no PEM certificate");
            }
            try {
                TrustedCertificates.certificatesOf(pem);
            } catch (GeneralSecurityException e) {
                throw new BuildBlockedException("PolicyCaBundleInvalid", "the CA bundle " + describe(ref)
                        + " of policy " + policy.governing().orElse("?") + " is not a bundle of PEM certificates: "
                        + e.getMessage());
            }
            ca = Optional.of(pem);
        }
        Optional<String> dockerConfig = Optional.empty();
        boolean enforce = false;
        if (policy.registryCredentials().isPresent()) {
            PolicyRegistryCredentials credentials = policy.registryCredentials().get();
            NamespacedKeyReference ref = credentials.getSecretRef();
            if (ref.getKind() == null) {
                ref.setKind("Secret");
            }
            dockerConfig = Optional.of(value(ref, DEFAULT_DOCKER_CONFIG_KEY, "registryCredentials", policy));
            try {
                DockerConfigJson.parseCredentials(dockerConfig.get());
            } catch (IllegalArgumentException e) {
                throw new BuildBlockedException("PolicyRegistryCredentialsInvalid", "the registryCredentials of "
                        + "policy " + policy.governing().orElse("?") + " name " + describe(ref) + ", which is not a "
                        + "usable docker config: " + e.getMessage());
            }
            enforce = Boolean.TRUE.equals(credentials.getEnforce());
        }
        return new PolicyMaterial(ca, dockerConfig, enforce);
    }

    private String value(NamespacedKeyReference ref, String defaultKey, String field, EffectivePolicy policy)
            throws BuildBlockedException {
        String key = ref.getKey() == null ? defaultKey : ref.getKey();
        boolean secret = "Secret".equalsIgnoreCase(ref.getKind());
        Optional<String> value;
        if (secret) {
            Secret s = client.secrets().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
            value = Optional.ofNullable(s).map(Secret::getData).map(d -> d.get(key))
                    .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
        } else {
            ConfigMap c = client.configMaps().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
            value = Optional.ofNullable(c).map(ConfigMap::getData).map((Map<String, String> d) -> d.get(key));
        }
        return value.orElseThrow(() -> new BuildBlockedException("PolicyReferenceNotFound", "the " + field
                + " of policy " + policy.governing().orElse("?") + " names " + describe(ref) + " with the key "
                + key + ", which does not exist"));
    }

    private static String describe(NamespacedKeyReference ref) {
        return (ref.getKind() == null ? "ConfigMap" : ref.getKind()) + " " + ref.getNamespace() + "/" + ref.getName();
    }
}
