package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a policy reaches, read from the API server: the namespaces its selector matches and the builds it governs
 * (it is the strongest policy of their namespace), both among the namespaces this operator serves, and the builds of
 * every namespace, whose recorded images cache retention must keep (see {@link DevContainerBuildPolicyReconciler}).
 */
record PolicyScope(List<String> selectedNamespaces, List<DevContainerBuild> governedBuilds,
        List<DevContainerBuild> allBuilds) {

    static PolicyScope of(DevContainerBuildPolicy policy, Collection<DevContainerBuildPolicy> policies,
            KubernetesClient client, WatchedNamespaces watched) {
        List<Namespace> namespaces = client.namespaces().list().getItems().stream()
                .filter(ns -> watched.includes(ns.getMetadata().getName())).toList();
        List<String> selected = namespaces.stream()
                .filter(ns -> LabelSelectorMatch.matches(policy.getSpec().getNamespaceSelector(), labels(ns)))
                .map(ns -> ns.getMetadata().getName()).sorted().toList();
        String name = policy.getMetadata().getName();
        Set<String> governedNamespaces = namespaces.stream()
                .filter(ns -> PolicyRanking.governing(policies, labels(ns))
                        .map(p -> p.getMetadata().getName().equals(name)).orElse(false))
                .map(ns -> ns.getMetadata().getName()).collect(Collectors.toSet());
        List<DevContainerBuild> allBuilds = client.resources(DevContainerBuild.class).inAnyNamespace().list()
                .getItems();
        List<DevContainerBuild> governed = allBuilds.stream()
                .filter(b -> governedNamespaces.contains(b.getMetadata().getNamespace())).toList();
        return new PolicyScope(selected, governed, allBuilds);
    }

    private static Map<String, String> labels(Namespace ns) {
        return ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    }
}
