package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Reads policies and namespace labels from the API server, to tell which policy governs a namespace. */
public class PolicyDirectory {

    private final KubernetesClient client;

    public PolicyDirectory(KubernetesClient client) {
        this.client = client;
    }

    public List<DevContainerBuildPolicy> policies() {
        return client.resources(DevContainerBuildPolicy.class).list().getItems();
    }

    public Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns == null || ns.getMetadata().getLabels() == null) {
            return Map.of();
        }
        return ns.getMetadata().getLabels();
    }

    /** What every policy selecting the namespace decides together. */
    public EffectivePolicy effectiveFor(String namespace) {
        return EffectivePolicy.of(PolicyRanking.applicable(policies(), namespaceLabels(namespace)));
    }
}
