package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The policies and the namespace's labels as the operator's caches had them when a reconcile of a build began. Every
 * decision of that reconcile (invalid policies that hold the build, the effective policy) is taken from this one
 * view, and a run starts only when the view is still what the API server has ({@link #isCurrent}).
 *
 * @param namespace    the build's namespace
 * @param cachedLabels the namespace's labels, null when the cache does not have the namespace (yet)
 * @param policies     every policy in the cache
 */
public record NamespacePolicies(String namespace, Map<String, String> cachedLabels,
        List<DevContainerBuildPolicy> policies) {

    /** What every policy selecting the namespace decides together. */
    public EffectivePolicy effective() {
        return EffectivePolicy.of(PolicyRanking.applicable(policies, labels()));
    }

    /**
     * The invalid policies that could govern the namespace, each with its problems: while there is one, the
     * namespace's builds are held rather than run under what the valid policies alone say.
     */
    public Map<String, List<String>> invalidCovering(PolicySpecValidator validator) {
        Map<String, List<String>> invalid = new TreeMap<>();
        policies.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec() != null)
                .filter(p -> LabelSelectorMatch.couldMatch(p.getSpec().getNamespaceSelector(), labels()))
                .forEach(p -> {
                    List<String> problems = validator.problems(p.getSpec());
                    if (!problems.isEmpty()) {
                        invalid.put(p.getMetadata().getName(), problems);
                    }
                });
        return invalid;
    }

    /**
     * Whether this view holds the namespace's labels and every policy as the API server has them now (a list of the
     * one namespace, a list of policies): the caches of builds, namespaces and policies are filled by separate
     * watches, so a build created with its namespace or its policy may be seen before they are. Nothing that starts
     * pods is decided on a view this says is behind.
     */
    public boolean isCurrent(KubernetesClient client) {
        Map<String, String> liveLabels = client.namespaces().withField("metadata.name", namespace).list()
                .getItems().stream().findFirst().map(ns -> nonNull(ns.getMetadata().getLabels())).orElse(null);
        if (liveLabels != null && (cachedLabels == null || !liveLabels.equals(nonNull(cachedLabels)))) {
            return false;
        }
        // generations, not resourceVersions: the policy controller's status writes must not make builds wait
        return generations(client.resources(DevContainerBuildPolicy.class).list().getItems())
                .equals(generations(policies));
    }

    /** The namespace's labels (none when the cache does not know the namespace or it has none). */
    private Map<String, String> labels() {
        return nonNull(cachedLabels);
    }

    private static Map<String, Long> generations(List<DevContainerBuildPolicy> policies) {
        return policies.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getGeneration() == null ? 0L : p.getMetadata().getGeneration()));
    }

    private static Map<String, String> nonNull(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
