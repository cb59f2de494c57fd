package io.dcbuild.operator.clusterproxy;

import io.dcbuild.operator.builds.BuildBlockedException;
import io.dcbuild.operator.egress.TrustedCertificates;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The cluster's trusted CA bundle, as OpenShift injects it into a ConfigMap of the operator's namespace labelled
 * {@code config.openshift.io/inject-trusted-cabundle: "true"} (key {@code ca-bundle.crt}: the system roots merged
 * with the bundle {@code spec.trustedCA} of the Proxy names). Read with a GET when a build uses the cluster proxy,
 * as a policy's CA bundle is. A ConfigMap that is missing or still empty gives no bundle.
 *
 * @param configMap {@code namespace/name}, empty when no such ConfigMap is configured
 */
record ClusterTrustedCa(KubernetesClient client, Optional<String> configMap) {

    static final String KEY = "ca-bundle.crt";
    static final String INJECT_LABEL = "config.openshift.io/inject-trusted-cabundle";

    ClusterTrustedCa {
        configMap.filter(ref -> ref.indexOf('/') <= 0 || ref.indexOf('/') != ref.lastIndexOf('/')
                || ref.endsWith("/")).ifPresent(ref -> {
                    throw new IllegalArgumentException("dcbuild.cluster-proxy.trusted-ca-config-map must be "
                            + "namespace/name, not " + ref);
                });
    }

    /** The bundle's PEM, empty when there is none (yet). */
    Optional<String> read() throws BuildBlockedException {
        if (configMap.isEmpty()) {
            return Optional.empty();
        }
        String namespace = configMap.get().substring(0, configMap.get().indexOf('/'));
        String name = configMap.get().substring(configMap.get().indexOf('/') + 1);
        ConfigMap found;
        try {
            found = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new BuildBlockedException("ClusterTrustedCaUnreadable", "the operator may not read the "
                        + "ConfigMap " + configMap.get() + " that holds the cluster's trusted CA bundle (" + INJECT_LABEL
                        + "); grant get on it (a namespaced install: keep the operator's namespace among "
                        + "policyMaterialNamespaces), or set a proxy in a DevContainerBuildPolicy");
            }
            throw e;
        }
        Optional<String> pem = Optional.ofNullable(found).map(ConfigMap::getData).map(data -> data.get(KEY))
                .filter(value -> !value.isBlank());
        if (pem.isPresent()) {
            try {
                TrustedCertificates.certificatesOf(pem.get());
            } catch (GeneralSecurityException e) {
                throw new BuildBlockedException("ClusterTrustedCaInvalid", "the cluster's trusted CA bundle (key "
                        + KEY + " of the ConfigMap " + configMap.get() + ") is not a bundle of PEM certificates: "
                        + e.getMessage());
            }
        }
        return pem;
    }
}
