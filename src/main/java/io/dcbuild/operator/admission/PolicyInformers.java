package io.dcbuild.operator.admission;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.policy.NamespacePolicies;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;

/**
 * The webhook's own view of the policies and of the namespaces' labels: two informers, cluster-wide, as the build
 * controller has (the operator's RBAC lists and watches both). Of its own because every replica answers admission,
 * while only the leader's controllers are sure to run. A request reads these caches only; a namespace they do not
 * have yet (created a moment ago) is read with one list by name (the RBAC grants list, not get).
 */
public final class PolicyInformers implements AutoCloseable {

    private final KubernetesClient client;
    private final SharedIndexInformer<DevContainerBuildPolicy> policies;
    private final SharedIndexInformer<Namespace> namespaces;

    private PolicyInformers(KubernetesClient client, SharedIndexInformer<DevContainerBuildPolicy> policies,
            SharedIndexInformer<Namespace> namespaces) {
        this.client = client;
        this.policies = policies;
        this.namespaces = namespaces;
    }

    /** Starts both informers; {@link #synced()} says when they have listed. */
    public static PolicyInformers start(KubernetesClient client) {
        SharedIndexInformer<DevContainerBuildPolicy> policies = client.resources(DevContainerBuildPolicy.class)
                .runnableInformer(0);
        SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
        policies.start();
        namespaces.start();
        return new PolicyInformers(client, policies, namespaces);
    }

    /** Whether both informers have listed once: before, the webhook answers 503 (its failurePolicy decides). */
    public boolean synced() {
        return policies.hasSynced() && namespaces.hasSynced();
    }

    /** The policies and the namespace's labels as the caches have them now (see the class for a missing namespace). */
    public NamespacePolicies viewOf(String namespace) {
        Namespace cached = namespaces.getStore().getByKey(namespace);
        Namespace known = cached != null ? cached : client.namespaces().withField("metadata.name", namespace).list()
                .getItems().stream().findFirst().orElse(null);
        Map<String, String> labels = known == null ? null
                : Objects.requireNonNullElse(known.getMetadata().getLabels(), Map.<String, String>of());
        return new NamespacePolicies(namespace, labels, policies.getStore().list());
    }

    @Override
    public void close() {
        policies.close();
        namespaces.close();
    }
}
